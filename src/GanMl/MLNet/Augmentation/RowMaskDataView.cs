using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>The rows of a data view whose position is set in a mask (for holdout splits), in their original order.</summary>
internal sealed class RowMaskDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _keep;
    private readonly long _rows;

    public RowMaskDataView(IDataView source, bool[] keep)
    {
        _source = source;
        _keep = keep;
        _rows = keep.LongCount(k => k);
    }

    public DataViewSchema Schema => _source.Schema;
    public bool CanShuffle => false;
    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(RowMaskDataView view, DataViewRowCursor inner) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => view.Schema;
        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                long source = inner.Position;
                if (source >= view._keep.Length)
                    throw new InvalidOperationException($"The data has more rows than when its holdout split was made ({view._keep.Length}); it must not change between passes.");
                if (!view._keep[source]) continue;
                _position++;
                return true;
            }
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
