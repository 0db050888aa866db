using System.Collections;

namespace GanMl.Imaging;

/// <summary>
/// A read-only list that creates <see cref="IdxRow"/> objects on demand, so ML.NET's list-backed data view
/// (row count, random access, shuffling) works without materializing all float rows.
/// </summary>
internal sealed class LazyIdxRows : IList<IdxRow>, IReadOnlyList<IdxRow>
{
    private readonly IdxDataset _dataset;
    private readonly string[] _classNames;
    private readonly float _scale;
    // False for rows whose label is dropped (IdxLoadOptions.LabelledRowsPerClass); null keeps every label.
    private readonly bool[]? _labelled;

    public LazyIdxRows(IdxDataset dataset, string[] classNames, float scale, int? labelledRowsPerClass = null)
    {
        _dataset = dataset;
        _classNames = classNames;
        _scale = scale;
        if (labelledRowsPerClass is { } k)
        {
            var seen = new Dictionary<byte, int>();
            _labelled = new bool[dataset.RowCount];
            for (int i = 0; i < dataset.RowCount; i++)
            {
                int n = seen.GetValueOrDefault(dataset.Labels[i]);
                _labelled[i] = n < k;
                seen[dataset.Labels[i]] = n + 1;
            }
        }
    }

    public int Count => _dataset.RowCount;

    public bool IsReadOnly => true;

    public IdxRow this[int index]
    {
        get => new IdxRow { Pixels = _dataset.GetPixelsAsFloat(index, _scale), Label = _labelled is null || _labelled[index] ? _classNames[_dataset.Labels[index]] : "" };
        set => throw new NotSupportedException("The IDX row list is read-only.");
    }

    public IEnumerator<IdxRow> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(IdxRow item) => throw new NotSupportedException();

    public bool Contains(IdxRow item) => throw new NotSupportedException();

    public void CopyTo(IdxRow[] array, int arrayIndex)
    {
        for (int i = 0; i < Count; i++)
            array[arrayIndex + i] = this[i];
    }

    public void Insert(int index, IdxRow item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();

    public void Add(IdxRow item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public bool Remove(IdxRow item) => throw new NotSupportedException();
}
