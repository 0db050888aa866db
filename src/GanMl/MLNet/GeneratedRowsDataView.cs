using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// An in-memory data view of generated rows: the feature vector column and, for conditional generators, the label
/// column: the rows of GanMl.TorchSharp's <c>GanTransformer.Generate</c> and of <see cref="OnnxGenerator"/>.
/// </summary>
internal sealed class GeneratedRowsDataView : IDataView
{
    private readonly float[] _features;
    private readonly int _featureSize;
    private readonly int[]? _classes;
    private readonly object[]? _labelValues;
    private readonly int _rows;

    /// <param name="schema">The feature column first, then the label column when <paramref name="labelValues"/> is given (see
    /// <see cref="CreateSchema(string, int, string?, DataViewType?, DataViewSchema.Annotations?)"/>).</param>
    /// <param name="features">Row-major feature values.</param>
    /// <param name="featureSize">Values per row.</param>
    /// <param name="labelValues">Class i's raw label value, of the label column's raw type; null when unconditional.</param>
    /// <param name="classes">Each row's class index; null when unconditional.</param>
    public GeneratedRowsDataView(DataViewSchema schema, float[] features, int featureSize, object[]? labelValues, int[]? classes)
    {
        Schema = schema;
        _features = features;
        _featureSize = featureSize;
        _labelValues = labelValues;
        _classes = classes;
        _rows = features.Length / featureSize;
    }

    /// <summary>The schema of every generator's rows: the features as a known-size Vector&lt;Single&gt;, then the label in its training
    /// type.</summary>
    public static DataViewSchema CreateSchema(string featureColumn, int featureSize, string? labelColumn = null, DataViewType? labelType = null, DataViewSchema.Annotations? labelAnnotations = null)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featureColumn, new VectorDataViewType(NumberDataViewType.Single, featureSize));
        if (labelColumn is not null) builder.AddColumn(labelColumn, labelType!, labelAnnotations);
        return builder.ToSchema();
    }

    /// <summary>The schema of a generator's rows, with the label column of <paramref name="labels"/> (and its KeyValues annotation) when
    /// conditional.</summary>
    public static DataViewSchema CreateSchema(string featureColumn, int featureSize, LabelCodec? labels) =>
        CreateSchema(featureColumn, featureSize, labels?.ColumnName, labels?.Type, labels?.CreateAnnotations());

    /// <summary>
    /// Throws when <paramref name="rowCount"/> rows of <paramref name="featureSize"/> values do not fit in the one array these
    /// views hold; larger sets must be generated in parts.
    /// </summary>
    public static void CheckFitsOneArray(long rowCount, int featureSize, string parameter)
    {
        long limit = Array.MaxLength / featureSize;
        if (rowCount > limit)
            throw new ArgumentOutOfRangeException(parameter, rowCount, $"At most {limit} rows of {featureSize} values can be generated in one call; generate in parts with different seeds.");
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(GeneratedRowsDataView view) : DataViewRowCursor
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
            if (column.Index == 1 && view._labelValues is { } values)
            {
                if (typeof(TValue) != column.Type.RawType) throw TypeMismatch<TValue>(column);
                var raw = values.Select(v => (TValue)v).ToArray();
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
