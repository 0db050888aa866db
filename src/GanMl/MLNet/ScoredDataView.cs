using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>Passes the input rows through lazily and adds a float column with the discriminator's probability that the row is real.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Func<DataViewRow, Func<float>> _makeScorer;
    private readonly IReadOnlyList<string> _neededColumns;

    public ScoredDataView(IDataView input, string scoreColumn, IReadOnlyList<string> neededColumns, Func<DataViewRow, Func<float>> makeScorer)
    {
        _input = input;
        _neededColumns = neededColumns;
        _makeScorer = makeScorer;
        Schema = AddScoreColumn(input.Schema, scoreColumn);
    }

    public bool CanShuffle => _input.CanShuffle;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _input.GetRowCount();

    public static DataViewSchema AddScoreColumn(DataViewSchema input, string scoreColumn)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(scoreColumn, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _input.GetRowCursor(InputColumns(columnsNeeded), rand), columnsNeeded.Any(c => c.Index == Schema.Count - 1));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private IEnumerable<DataViewSchema.Column> InputColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        var names = needed.Where(c => c.Index < Schema.Count - 1).Select(c => c.Index).ToHashSet();
        var result = names.Select(i => _input.Schema[i]).ToList();
        if (needed.Any(c => c.Index == Schema.Count - 1))
            result.AddRange(_neededColumns.Select(n => _input.Schema[n]).Where(c => !names.Contains(c.Index)));
        return result;
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ScoredDataView _view;
        private readonly DataViewRowCursor _inner;
        private readonly Func<float>? _score;
        private long _scoredPosition = -1;
        private float _value;

        public Cursor(ScoredDataView view, DataViewRowCursor inner, bool scoreActive)
        {
            _view = view;
            _inner = inner;
            _score = scoreActive ? view._makeScorer(inner) : null;
        }

        public override long Position => _inner.Position;
        public override long Batch => _inner.Batch;
        public override DataViewSchema Schema => _view.Schema;
        public override bool MoveNext() => _inner.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => _inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _view.Schema.Count - 1 ? _score is not null : _inner.IsColumnActive(_inner.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.Schema.Count - 1) return _inner.GetGetter<TValue>(_inner.Schema[column.Index]);
            if (_score is null) throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
            if (typeof(TValue) != typeof(float)) throw new InvalidOperationException($"Column '{column.Name}' is Single; a getter of {typeof(TValue).Name} was asked for.");
            ValueGetter<float> getter = (ref float value) =>
            {
                if (_scoredPosition != _inner.Position) { _value = _score(); _scoredPosition = _inner.Position; }
                value = _value;
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
