using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Passes the source rows through lazily and appends one computed column. The value is computed at most once per
/// row (the getter may be called repeatedly) and only when a cursor asks for the column.
/// </summary>
/// <typeparam name="T">The raw type of the added column.</typeparam>
internal sealed class AddedColumnDataView<T> : IDataView
{
    /// <summary>Copies a computed value into a caller's buffer (VBuffers must not be shared).</summary>
    public delegate void Copier(in T source, ref T destination);

    private readonly IDataView _source;
    private readonly IReadOnlyList<string> _inputs;
    private readonly Func<DataViewRow, DataViewRowCursor?, ValueGetter<T>> _makeComputer;
    private readonly Copier _copy;
    private readonly bool _lookahead;

    /// <param name="source">The rows to pass through.</param>
    /// <param name="schema">The source schema plus the added column, last (see <see cref="SchemaWith"/>).</param>
    /// <param name="inputs">Source columns the computation reads.</param>
    /// <param name="makeComputer">Given a source row, returns a function that computes the current row's value.</param>
    /// <param name="copy">How a computed value is handed out.</param>
    public AddedColumnDataView(IDataView source, DataViewSchema schema, IReadOnlyList<string> inputs, Func<DataViewRow, ValueGetter<T>> makeComputer, Copier copy)
        : this(source, schema, inputs, (row, _) => makeComputer(row), copy, lookahead: false)
    {
    }

    /// <summary>
    /// A view whose values are computed over blocks of rows: <paramref name="makeBlockComputer"/> also gets a second cursor over
    /// the same rows in the same order (with the input columns active), to read ahead of the row being asked for. Such a
    /// view does not shuffle, so that both cursors see one order.
    /// </summary>
    public AddedColumnDataView(IDataView source, DataViewSchema schema, IReadOnlyList<string> inputs, Func<DataViewRow, DataViewRowCursor, ValueGetter<T>> makeBlockComputer, Copier copy)
        : this(source, schema, inputs, (row, ahead) => makeBlockComputer(row, ahead!), copy, lookahead: true)
    {
    }

    private AddedColumnDataView(IDataView source, DataViewSchema schema, IReadOnlyList<string> inputs, Func<DataViewRow, DataViewRowCursor?, ValueGetter<T>> makeComputer, Copier copy, bool lookahead)
    {
        _source = source;
        Schema = schema;
        _inputs = inputs;
        _makeComputer = makeComputer;
        _copy = copy;
        _lookahead = lookahead;
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => !_lookahead && _source.CanShuffle;
    public long? GetRowCount() => _source.GetRowCount();
    private int AddedIndex => Schema.Count - 1;

    /// <summary>The source schema with one column appended (a same-named source column becomes hidden).</summary>
    public static DataViewSchema SchemaWith(DataViewSchema source, string name, DataViewType type)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source);
        builder.AddColumn(name, type);
        return builder.ToSchema();
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        bool added = needed.Any(c => c.Index == AddedIndex);
        var sourceColumns = needed.Where(c => c.Index < AddedIndex).Select(c => _source.Schema[c.Index]).ToList();
        if (added)
            sourceColumns.AddRange(_inputs.Select(n => _source.Schema[n]).Where(c => sourceColumns.All(s => s.Index != c.Index)));
        if (_lookahead) rand = null;
        var ahead = added && _lookahead ? _source.GetRowCursor(_inputs.Select(n => _source.Schema[n])) : null;
        return new Cursor(this, _source.GetRowCursor(sourceColumns, rand), added, ahead);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly AddedColumnDataView<T> _view;
        private readonly DataViewRowCursor _inner;
        private readonly DataViewRowCursor? _ahead;
        private readonly ValueGetter<T>? _compute;
        private long _computedPosition = -1;
        private T _value = default!;

        public Cursor(AddedColumnDataView<T> view, DataViewRowCursor inner, bool addedActive, DataViewRowCursor? ahead)
        {
            _view = view;
            _inner = inner;
            _ahead = ahead;
            _compute = addedActive ? view._makeComputer(inner, ahead) : null;
        }

        public override long Position => _inner.Position;
        public override long Batch => _inner.Batch;
        public override DataViewSchema Schema => _view.Schema;
        public override bool MoveNext() => _inner.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => _inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _view.AddedIndex ? _compute is not null : _inner.IsColumnActive(_inner.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.AddedIndex) return _inner.GetGetter<TValue>(_inner.Schema[column.Index]);
            if (_compute is null) throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
            if (typeof(TValue) != typeof(T)) throw new InvalidOperationException($"Column '{column.Name}' holds {typeof(T).Name}; a getter of {typeof(TValue).Name} was asked for.");
            ValueGetter<T> getter = (ref T destination) =>
            {
                if (_computedPosition != _inner.Position)
                {
                    _compute(ref _value);
                    _computedPosition = _inner.Position;
                }
                _view._copy(in _value, ref destination);
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
