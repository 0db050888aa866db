using System.Runtime.InteropServices;

namespace GanMl.Onnx;

/// <summary>
/// Builds an ONNX model (opset 17, IR version 8): float32 weights, nodes in topological order, typed inputs and outputs
/// with a symbolic batch dimension, and string metadata. Knows nothing of TorchSharp or ML.NET.
/// </summary>
internal sealed class OnnxGraph
{
    public const int Opset = 17;
    private const int FloatType = 1, Int64Type = 7;
    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private int _names;

    /// <summary>A fresh value name.</summary>
    public string Name(string hint) => $"{hint}_{_names++}";

    public void FloatInput(string name, long width) => _inputs.Add(ValueInfo(name, FloatType, width));
    public void Int64Input(string name) => _inputs.Add(ValueInfo(name, Int64Type, null));
    public void FloatOutput(string name, long width) => _outputs.Add(ValueInfo(name, FloatType, width));

    /// <summary>Adds a float32 constant and returns its name.</summary>
    public string Constant(string hint, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(hint, FloatType, MemoryMarshal.AsBytes(values).ToArray(), dims);

    /// <summary>Adds an int64 constant and returns its name.</summary>
    public string Int64Constant(string hint, params long[] values) =>
        Initializer(hint, Int64Type, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), [values.Length]);

    /// <summary>A TensorProto initializer holding little-endian raw data.</summary>
    private string Initializer(string hint, int elementType, byte[] raw, long[] dims)
    {
        string name = Name(hint);
        _initializers.Add(new ProtoMessage().PackedInts(1, dims).Int(2, elementType).String(8, name).Bytes(9, raw));
        return name;
    }

    /// <summary>Adds a node and returns the name of its (single) output.</summary>
    public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes)
    {
        string output = Name(op.ToLowerInvariant());
        var node = new ProtoMessage();
        foreach (var input in inputs) node.String(1, input);
        node.String(2, output).String(3, output).String(4, op);
        foreach (var (name, value) in attributes) node.Message(5, Attribute(name, value));
        _nodes.Add(node);
        return output;
    }

    /// <summary>Renames the value <paramref name="from"/> to the graph output <paramref name="to"/> with an Identity node.</summary>
    public void Alias(string from, string to)
    {
        var node = new ProtoMessage().String(1, from).String(2, to).String(3, to).String(4, "Identity");
        _nodes.Add(node);
    }

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToModel(string graphName, IReadOnlyDictionary<string, string> metadata, string producerVersion)
    {
        var graph = new ProtoMessage();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, graphName);
        foreach (var t in _initializers) graph.Message(5, t);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);
        var model = new ProtoMessage().Int(1, 8).String(2, "GanMl").String(3, producerVersion).Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int(2, Opset));
        foreach (var (key, value) in metadata) model.Message(14, new ProtoMessage().String(1, key).String(2, value));
        return model.ToArray();
    }

    /// <summary>ValueInfoProto: a tensor of the element type, shape [N] or [N, width] with N symbolic.</summary>
    private static ProtoMessage ValueInfo(string name, int elementType, long? width)
    {
        var shape = new ProtoMessage().Message(1, new ProtoMessage().String(2, "N"));
        if (width is { } w) shape.Message(1, new ProtoMessage().Int(1, w));
        var tensorType = new ProtoMessage().Int(1, elementType).Message(2, shape);
        return new ProtoMessage().String(1, name).Message(2, new ProtoMessage().Message(1, tensorType));
    }

    /// <summary>AttributeProto for a float, an int64 or an int64 list.</summary>
    private static ProtoMessage Attribute(string name, object value) => value switch
    {
        float f => new ProtoMessage().String(1, name).Float(2, f).Int(20, 1),
        long i => new ProtoMessage().String(1, name).Int(3, i).Int(20, 2),
        int i => new ProtoMessage().String(1, name).Int(3, i).Int(20, 2),
        long[] list => new ProtoMessage().String(1, name).PackedInts(8, list).Int(20, 7),
        _ => throw new ArgumentException($"Unsupported ONNX attribute type {value.GetType().Name} for '{name}'.", nameof(value)),
    };
}
