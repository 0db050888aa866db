using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Each row of a data view repeated as often as its count says (0 drops it), in the original order: holdout splits
/// (counts 0 and 1) and random oversampling, without copying rows.
/// </summary>
internal sealed class RepeatedRowsDataView : IDataView
{
    private readonly IDataView _source;
    private readonly int[] _copies;
    private readonly long _rows;

    public RepeatedRowsDataView(IDataView source, int[] copies)
    {
        _source = source;
        _copies = copies;
        _rows = copies.Sum(c => (long)c);
    }

    /// <summary>The rows whose position is set in <paramref name="keep"/>, in their original order.</summary>
    public static RepeatedRowsDataView Mask(IDataView source, bool[] keep) => new(source, keep.Select(k => k ? 1 : 0).ToArray());

    public DataViewSchema Schema => _source.Schema;
    public bool CanShuffle => false;
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RepeatedRowsDataView view, DataViewRowCursor inner) : DataViewRowCursor
    {
        private long _position = -1;
        private int _left, _copy;

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        // The first copy keeps the source row's id; later copies need ids of their own (ML.NET's shuffling and caching
        // expect unique row ids), so the copy number goes into the high word.
        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            var source = inner.GetIdGetter();
            return (ref DataViewRowId id) =>
            {
                source(ref id);
                if (_copy > 0) id = new DataViewRowId(id.Low, id.High + (ulong)_copy);
            };
        }

        public override bool MoveNext()
        {
            if (_left > 0) _copy++;
            while (_left == 0)
            {
                if (!inner.MoveNext()) return false;
                long source = inner.Position;
                if (source >= view._copies.Length)
                    throw new InvalidOperationException($"The data has more rows than when its holdout split or oversampling plan was made ({view._copies.Length}); it must not change between passes.");
                _left = view._copies[source];
                _copy = 0;
            }
            _left--;
            _position++;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
