using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// A streaming <see cref="IDataView"/> that yields every row of a first view and then every row of a second view
/// with the same schema (visible columns compared by name and type). Nothing is materialized.
/// </summary>
internal sealed class ConcatDataView : IDataView
{
    private readonly IDataView[] _sources;

    // For each source, the source column index of each output column.
    private readonly int[][] _columnMaps;

    /// <summary>Creates the concatenation of <paramref name="first"/> and <paramref name="second"/>.</summary>
    /// <param name="first">The view whose rows come first; the output schema is its visible columns (with their annotations).</param>
    /// <param name="second">The view whose rows follow; it must have the same visible columns, by name and type.</param>
    /// <exception cref="ArgumentException">The schemas differ; the message names the column.</exception>
    public ConcatDataView(IDataView first, IDataView second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        _sources = new[] { first, second };

        var builder = new DataViewSchema.Builder();
        var firstMap = new List<int>();
        var secondMap = new List<int>();
        var visibleFirst = first.Schema.Where(c => !c.IsHidden).ToList();
        var visibleSecond = second.Schema.Where(c => !c.IsHidden).ToList();
        foreach (var col in visibleFirst)
        {
            var other = second.Schema.GetColumnOrNull(col.Name);
            if (other is null)
                throw new ArgumentException(
                    $"Cannot concatenate data views: column '{col.Name}' ({col.Type}) of the first view is missing from the second view.", nameof(second));
            CheckSameType(col, other.Value);
            builder.AddColumn(col.Name, col.Type, col.Annotations);
            firstMap.Add(col.Index);
            secondMap.Add(other.Value.Index);
        }
        foreach (var col in visibleSecond)
        {
            if (first.Schema.GetColumnOrNull(col.Name) is null)
                throw new ArgumentException(
                    $"Cannot concatenate data views: column '{col.Name}' ({col.Type}) of the second view is missing from the first view.", nameof(second));
        }
        Schema = builder.ToSchema();
        _columnMaps = new[] { firstMap.ToArray(), secondMap.ToArray() };
    }

    private static void CheckSameType(DataViewSchema.Column a, DataViewSchema.Column b)
    {
        if (a.Type.Equals(b.Type))
            return;
        string detail;
        if (a.Type is VectorDataViewType va && b.Type is VectorDataViewType vb && va.ItemType.Equals(vb.ItemType))
            detail = $"vector sizes differ ({va.Size} vs {vb.Size}; 0 means variable size)";
        else if (a.Type is KeyDataViewType ka && b.Type is KeyDataViewType kb)
            detail = $"key cardinalities differ ({ka.Count} vs {kb.Count})";
        else
            detail = "types differ";
        throw new ArgumentException(
            $"Cannot concatenate data views: column '{a.Name}' has type {a.Type} in the first view and {b.Type} in the second view: {detail}.", "second");
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount()
    {
        long? a = _sources[0].GetRowCount();
        long? b = _sources[1].GetRowCount();
        return a.HasValue && b.HasValue ? a.Value + b.Value : null;
    }

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var col in columnsNeeded)
        {
            if ((uint)col.Index >= (uint)active.Length || Schema[col.Index].Name != col.Name)
                throw new ArgumentException($"Column '{col.Name}' (index {col.Index}) does not belong to this data view's schema.", nameof(columnsNeeded));
            active[col.Index] = true;
        }
        return new Cursor(this, active);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ConcatDataView _parent;
        private readonly bool[] _active;
        private DataViewRowCursor? _current;
        private int _source;
        private long _position = -1;
        private bool _done;

        public Cursor(ConcatDataView parent, bool[] active)
        {
            _parent = parent;
            _active = active;
            _source = 0;
            _current = OpenSource(0);
        }

        private DataViewRowCursor OpenSource(int source)
        {
            var view = _parent._sources[source];
            var map = _parent._columnMaps[source];
            var needed = new List<DataViewSchema.Column>();
            for (int i = 0; i < _active.Length; i++)
            {
                if (_active[i])
                    needed.Add(view.Schema[map[i]]);
            }
            return view.GetRowCursor(needed);
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => _current is null ? 0 : ((long)_source << 40) + _current.Batch;

        public override bool MoveNext()
        {
            while (!_done && _current is not null)
            {
                if (_current.MoveNext())
                {
                    _position++;
                    return true;
                }
                if (_source == 0)
                {
                    _current.Dispose();
                    _current = null;
                    _source = 1;
                    _current = OpenSource(1);
                    continue;
                }
                _done = true;
            }
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            CheckColumn(column);
            return _active[column.Index];
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckColumn(column);
            if (!_active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; request it in columnsNeeded.");
            if (column.Type.RawType != typeof(TValue))
                throw new InvalidOperationException(
                    $"Column '{column.Name}' has type {column.Type} (raw type {column.Type.RawType}); a getter of {typeof(TValue)} was requested.");

            int col = column.Index;
            return FromCurrentSource(cursor => cursor.GetGetter<TValue>(cursor.Schema[_parent._columnMaps[_source][col]]));
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            var inner = FromCurrentSource(cursor => cursor.GetIdGetter());
            return (ref DataViewRowId value) =>
            {
                DataViewRowId id = default;
                inner(ref id);
                value = new DataViewRowId((ulong)_source + 1, 0).Combine(id);
            };
        }

        /// <summary>Reads through the current source's getter, which <paramref name="open"/> re-creates when the cursor moves on to the second
        /// source.</summary>
        private ValueGetter<T> FromCurrentSource<T>(Func<DataViewRowCursor, ValueGetter<T>> open)
        {
            ValueGetter<T>? inner = null;
            int innerSource = -1;
            return (ref T value) =>
            {
                if (_position < 0 || _done || _current is null)
                    throw new InvalidOperationException("The cursor is not on a row: call MoveNext and check that it returned true.");
                if (innerSource != _source)
                {
                    inner = open(_current);
                    innerSource = _source;
                }
                inner!(ref value);
            };
        }

        private void CheckColumn(DataViewSchema.Column column)
        {
            if ((uint)column.Index >= (uint)_active.Length || _parent.Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"Column '{column.Name}' (index {column.Index}) does not belong to this cursor's schema.", nameof(column));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
                _current = null;
                _done = true;
            }
            base.Dispose(disposing);
        }
    }
}
