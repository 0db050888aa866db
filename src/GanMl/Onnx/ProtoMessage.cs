using Google.Protobuf;

namespace GanMl.Onnx;

/// <summary>
/// One protobuf message written field by field with Google.Protobuf's <see cref="CodedOutputStream"/>; nested messages
/// are built first and written length-prefixed. Field numbers are the ONNX specification's (onnx.proto).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;

    public ProtoMessage() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoMessage Int(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoMessage Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    public ProtoMessage String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    public ProtoMessage Bytes(int field, byte[] value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoMessage Message(int field, ProtoMessage value) => Bytes(field, value.ToArray());

    /// <summary>A repeated int64 field, packed (as proto3 writes it).</summary>
    public ProtoMessage PackedInts(int field, IReadOnlyList<long> values)
    {
        var packed = new ProtoMessage();
        foreach (long v in values) packed._out.WriteInt64(v);
        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray()
    {
        _out.Flush();
        return _buffer.ToArray();
    }
}
