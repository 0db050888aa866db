using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>What one streaming pass over the training data learns: row count, value range and label counts.</summary>
internal sealed class TrainingDataScan
{
    public long Rows { get; private set; }
    public long RowsWithoutLabel { get; private set; }
    public float Min { get; private set; } = float.PositiveInfinity;
    public float Max { get; private set; } = float.NegativeInfinity;
    public Dictionary<string, long> LabelCounts { get; } = new(StringComparer.Ordinal);

    public static TrainingDataScan Run(IDataView data, TrainingColumns columns, Action<string> throwIfCancelled)
    {
        var scan = new TrainingDataScan();
        var active = columns.Label is { } l ? new[] { columns.Feature, l } : new[] { columns.Feature };
        using var cursor = data.GetRowCursor(active);
        var features = cursor.GetGetter<VBuffer<float>>(columns.Feature);
        var label = columns.Label is { } lc ? LabelCodec.CreateNameGetter(cursor, lc, columns.LabelKind!.Value) : null;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            throwIfCancelled("while scanning the training data");
            features(ref buffer);
            if (buffer.Length != columns.FeatureSize)
                throw new InvalidOperationException($"Row {cursor.Position} of column '{columns.Feature.Name}' has {buffer.Length} values; expected {columns.FeatureSize}.");
            foreach (float v in buffer.GetValues())
            {
                if (!float.IsFinite(v)) throw new InvalidOperationException($"Column '{columns.Feature.Name}' has a non-finite value ({v}) in row {cursor.Position}; GAN training needs finite features.");
                if (v < scan.Min) scan.Min = v;
                if (v > scan.Max) scan.Max = v;
            }
            if (!buffer.IsDense && buffer.GetValues().Length < buffer.Length) { scan.Min = Math.Min(scan.Min, 0); scan.Max = Math.Max(scan.Max, 0); }
            scan.Rows++;
            if (label is null) continue;
            if (label() is { } name) scan.LabelCounts[name] = scan.LabelCounts.GetValueOrDefault(name) + 1;
            else scan.RowsWithoutLabel++;
        }
        return scan;
    }
}
