using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>An in-memory data view of generated rows: a float vector column and, optionally, a label column.</summary>
internal sealed class GeneratedDataView : IDataView
{
    private readonly float[] _features;
    private readonly int _featureSize;
    private readonly int[]? _classes;
    private readonly LabelCodec? _codec;
    private readonly int _rows;

    public GeneratedDataView(string featureColumn, float[] features, int featureSize, LabelCodec? codec, int[]? classes)
    {
        _features = features;
        _featureSize = featureSize;
        _codec = codec;
        _classes = classes;
        _rows = features.Length / featureSize;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featureColumn, new VectorDataViewType(NumberDataViewType.Single, featureSize));
        if (codec is not null) builder.AddColumn(codec.ColumnName, codec.Type, LabelAnnotations(codec));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private static DataViewSchema.Annotations? LabelAnnotations(LabelCodec codec) =>
        codec.KeyValueType is { } itemType ? KeyValues.Create(itemType, codec.ClassNames) : null;

    private sealed class Cursor(GeneratedDataView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext() => ++_position < view._rows;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == 0)
            {
                if (typeof(TValue) != typeof(VBuffer<float>)) throw TypeMismatch<TValue>(column);
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, view._featureSize);
                    view._features.AsSpan((int)_position * view._featureSize, view._featureSize).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }
            if (column.Index == 1 && view._codec is { } codec)
            {
                if (typeof(TValue) != codec.Type.RawType) throw TypeMismatch<TValue>(column);
                var raw = Enumerable.Range(0, codec.ClassCount).Select(i => (TValue)codec.RawValue(i)).ToArray();
                return (ref TValue value) => value = raw[view._classes![_position]];
            }
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is not in this data view.");
        }

        private static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column) =>
            new($"Column '{column.Name}' has type {column.Type} (raw {column.Type.RawType.Name}); a getter of {typeof(TValue).Name} was asked for.");
    }
}
