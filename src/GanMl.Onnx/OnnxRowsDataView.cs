using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>An in-memory data view of generated rows: the feature vector column and, for conditional generators, the label column.</summary>
internal sealed class OnnxRowsDataView : IDataView
{
    private readonly float[] _features;
    private readonly int _featureSize;
    private readonly int[]? _classes;
    private readonly OnnxLabelColumn? _label;
    private readonly int _rows;

    public OnnxRowsDataView(DataViewSchema schema, float[] features, int featureSize, OnnxLabelColumn? label, int[]? classes)
    {
        Schema = schema;
        _features = features;
        _featureSize = featureSize;
        _label = label;
        _classes = classes;
        _rows = features.Length / featureSize;
    }

    /// <summary>The schema of every generator's rows: the features as a known-size Vector&lt;Single&gt;, then the label in its training type.</summary>
    public static DataViewSchema CreateSchema(string featureColumn, int featureSize, OnnxLabelColumn? label)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featureColumn, new VectorDataViewType(NumberDataViewType.Single, featureSize));
        if (label is not null) builder.AddColumn(label.Name, label.Type, label.Annotations);
        return builder.ToSchema();
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(OnnxRowsDataView view) : DataViewRowCursor
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
                    CheckPosition();
                    var editor = VBufferEditor.Create(ref value, view._featureSize);
                    view._features.AsSpan((int)_position * view._featureSize, view._featureSize).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }
            if (column.Index == 1 && view._label is { } label)
            {
                if (typeof(TValue) != label.Type.RawType) throw TypeMismatch<TValue>(column);
                var raw = Enumerable.Range(0, label.ClassCount).Select(i => (TValue)label.RawValue(i)).ToArray();
                return (ref TValue value) =>
                {
                    CheckPosition();
                    value = raw[view._classes![_position]];
                };
            }
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' is not in this data view.");
        }

        private void CheckPosition()
        {
            if (_position < 0 || _position >= view._rows) throw new InvalidOperationException("The cursor is not on a row: call MoveNext first, and read no further after it returned false.");
        }

        private static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column) =>
            new($"Column '{column.Name}' has type {column.Type} (raw {column.Type.RawType.Name}); a getter of {typeof(TValue).Name} was asked for.");
    }
}
