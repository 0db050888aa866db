using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl.Examples;

/// <summary>The augmentation experiment's training sets: N labelled rows per class, optional unlabelled rows, or an imbalanced split.</summary>
internal static class AugmentData
{
    public sealed class Row
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
    }

    /// <summary>Rows of every class in file order: the first <paramref name="labelled"/> keep their label, the next <paramref name="unlabelled"/> lose it.</summary>
    public static IDataView Load(MLContext ml, string images, string labels, int labelled, int unlabelled, IReadOnlySet<string>? smallClasses = null, int smallCount = 0)
    {
        var source = IdxDataLoader.Load(ml, images, labels, new IdxLoadOptions { MaxRowsPerClass = labelled + unlabelled });
        var seen = new Dictionary<string, int>();
        var rows = new List<Row>();
        foreach (var row in ml.Data.CreateEnumerable<Row>(source, reuseRowObject: false))
        {
            int index = seen[row.Label] = seen.GetValueOrDefault(row.Label) + 1;
            int keep = smallClasses?.Contains(row.Label) == true ? smallCount : labelled;
            if (index > keep + unlabelled) continue;
            if (index > keep) row.Label = ""; // missing: MapValueToKey gives key 0
            rows.Add(row);
        }
        return ml.Data.LoadFromEnumerable(rows);
    }

    /// <summary>Rows <paramref name="skip"/>+1 to <paramref name="skip"/>+<paramref name="take"/> of every class in file order, labelled (a validation split).</summary>
    public static IDataView Slice(MLContext ml, string images, string labels, int skip, int take)
    {
        var source = IdxDataLoader.Load(ml, images, labels, new IdxLoadOptions { MaxRowsPerClass = skip + take });
        var seen = new Dictionary<string, int>();
        var rows = ml.Data.CreateEnumerable<Row>(source, reuseRowObject: false).Where(r => (seen[r.Label] = seen.GetValueOrDefault(r.Label) + 1) > skip).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    /// <summary>The rows that have a label.</summary>
    public static IDataView Labelled(MLContext ml, IDataView data) =>
        ml.Data.LoadFromEnumerable(ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).Where(r => r.Label.Length > 0).ToList());

    /// <summary>Random oversampling: every labelled class is topped up to the largest one by drawing its own rows again.</summary>
    public static IDataView Oversample(MLContext ml, IDataView data, int seed)
    {
        var rows = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).Where(r => r.Label.Length > 0).ToList();
        var random = new Random(seed);
        var byClass = rows.GroupBy(r => r.Label).ToList();
        int largest = byClass.Max(g => g.Count());
        foreach (var group in byClass)
        {
            var members = group.ToList();
            for (int i = members.Count; i < largest; i++) rows.Add(members[random.Next(members.Count)]);
        }
        return ml.Data.LoadFromEnumerable(rows);
    }
}
