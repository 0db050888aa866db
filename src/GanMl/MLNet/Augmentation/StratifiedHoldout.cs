using Microsoft.ML;

namespace GanMl;

/// <summary>Which real rows have a label, and a seeded holdout of the labelled ones with the same share of every class.</summary>
internal sealed record StratifiedHoldout(bool[] Labelled, bool[] Holdout)
{
    public long LabelledCount => Labelled.LongCount(l => l);
    public long HoldoutCount => Holdout.LongCount(h => h);

    /// <summary>Labelled rows minus the holdout: what the GAN and the candidate fits learn from.</summary>
    public bool[] Training => Labelled.Select((l, i) => l && !Holdout[i]).ToArray();

    /// <summary>
    /// Reads the label of every row; in each class, a seeded shuffle picks round(n·fraction) rows (at least one when the
    /// class has two or more) for the holdout. <paramref name="fraction"/> 0 gives no holdout.
    /// </summary>
    public static StratifiedHoldout Make(IDataView data, string labelColumn, double fraction, int seed)
    {
        var column = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"Label column '{labelColumn}' was not found.");
        var byClass = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var labelled = new List<bool>();
        using (var cursor = data.GetRowCursor([column]))
        {
            var name = LabelCodec.CreateNameGetter(cursor, column, LabelCodec.KindOf(column));
            while (cursor.MoveNext())
            {
                string? label = name();
                labelled.Add(label is not null);
                if (label is null) continue;
                if (!byClass.TryGetValue(label, out var rows)) byClass[label] = rows = [];
                rows.Add(labelled.Count - 1);
            }
        }
        var holdout = new bool[labelled.Count];
        var random = new Random(seed);
        foreach (var rows in byClass.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value))
        {
            if (fraction <= 0) break;
            int take = rows.Count < 2 ? 0 : Math.Clamp((int)Math.Round(rows.Count * fraction), 1, rows.Count - 1);
            var order = rows.ToArray();
            random.Shuffle(order);
            foreach (int i in order.Take(take)) holdout[i] = true;
        }
        return new StratifiedHoldout(labelled.ToArray(), holdout);
    }
}
