using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// The rows of a semi-supervised fit in memory: features (raw values, row-major), the label key of each row (0 = no
/// label) and the value range. Throws, naming the column and the row, on a value that is not finite.
/// </summary>
internal sealed record SslRows(float[] Features, uint[] Keys, int FeatureSize, float Minimum, float Maximum)
{
    public int Count => Keys.Length;

    public static SslRows Read(IDataView data, string featureColumn, string labelColumn, Action<string> checkCancelled)
    {
        int size = SchemaShapes.CheckKnownSizeVector(data.Schema, featureColumn, nameof(SemiSupervisedGanOptions.FeatureColumnName));
        var feature = data.Schema[featureColumn];
        var label = data.Schema[labelColumn];
        var features = new List<float>();
        var keys = new List<uint>();
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        using var cursor = data.GetRowCursor([feature, label]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(feature);
        var getKey = cursor.GetGetter<uint>(label);
        VBuffer<float> buffer = default;
        uint key = 0;
        var row = new float[size];
        while (cursor.MoveNext())
        {
            if ((keys.Count & 1023) == 0) checkCancelled($"while reading row {keys.Count}");
            getFeatures(ref buffer);
            buffer.CopyTo(row);
            for (int i = 0; i < size; i++)
            {
                float v = row[i];
                if (!float.IsFinite(v))
                    throw new InvalidOperationException($"Feature column '{featureColumn}' holds {v} at row {keys.Count}, slot {i}; the classifier needs finite values. Remove or replace such rows (e.g. ml.Transforms.ReplaceMissingValues).");
                if (v < min) min = v;
                if (v > max) max = v;
            }
            features.AddRange(row);
            getKey(ref key);
            keys.Add(key);
        }
        if (keys.Count == 0) throw new InvalidOperationException($"The training data has no rows; the classifier needs labelled rows in '{labelColumn}'.");
        if (!(max > min)) throw new InvalidOperationException($"Feature column '{featureColumn}' is constant ({min}); a classifier cannot learn from it.");
        return new SslRows(features.ToArray(), keys.ToArray(), size, min, max);
    }

    /// <summary>Row <paramref name="index"/>'s features scaled to [0, 1] with this data's range.</summary>
    public void CopyScaled(int index, Span<float> destination)
    {
        float scale = 1f / (Maximum - Minimum);
        var source = Features.AsSpan(index * FeatureSize, FeatureSize);
        for (int i = 0; i < FeatureSize; i++) destination[i] = (source[i] - Minimum) * scale;
    }

    /// <summary>The given rows scaled to [0, 1], row-major.</summary>
    public float[] Scaled(IReadOnlyList<int> rows)
    {
        var result = new float[(long)rows.Count * FeatureSize];
        for (int i = 0; i < rows.Count; i++) CopyScaled(rows[i], result.AsSpan(i * FeatureSize, FeatureSize));
        return result;
    }
}
