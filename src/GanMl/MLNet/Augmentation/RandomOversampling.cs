using Microsoft.ML;

namespace GanMl;

/// <summary>Draws real rows again at random from their own class: the plain baseline that GAN balancing must beat.</summary>
internal static class RandomOversampling
{
    /// <summary>
    /// A view with <paramref name="rowsPerClass"/>[i] rows drawn with replacement from the rows of class i (as
    /// <paramref name="labels"/> reads the label column); a class without rows in <paramref name="data"/> gets none.
    /// </summary>
    public static IDataView Draw(IDataView data, LabelCodec labels, IReadOnlyList<int> rowsPerClass, int seed)
    {
        var column = data.Schema.GetColumnOrNull(labels.ColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(labels), $"Label column '{labels.ColumnName}' was not found.");
        var members = Enumerable.Range(0, labels.ClassCount).Select(_ => new List<int>()).ToArray();
        int rows = 0;
        using (var cursor = data.GetRowCursor([column]))
        {
            var index = labels.CreateIndexGetter(cursor, column);
            for (; cursor.MoveNext(); rows++)
                if (index() is >= 0 and int c) members[c].Add(rows);
        }
        var copies = new int[rows];
        var random = new Random(seed);
        for (int c = 0; c < members.Length; c++)
            if (members[c].Count > 0)
                for (int n = 0; n < rowsPerClass[c]; n++) copies[members[c][random.Next(members[c].Count)]]++;
        return new RepeatedRowsDataView(data, copies);
    }
}
