using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Streams shuffled mini-batches of scaled rows from a cursor. Shuffling uses a pool of rows on the calling thread
/// (memory: pool × row size), not ML.NET's ShuffleRows: training must allocate on one thread only (docs/training.md, section 1).
/// </summary>
internal static class BatchReader
{
    public static IEnumerable<GanBatch> Read(IDataView data, TrainingColumns columns, LabelCodec? codec, FeatureScaler scaler, int batchSize, int poolSize, Random random)
    {
        int size = columns.FeatureSize, count = 0;
        var values = new float[batchSize * size];
        var labels = codec is null ? null : new long[batchSize];
        foreach (var (row, label) in Shuffle(Rows(data, columns, codec, scaler), poolSize, random))
        {
            row.CopyTo(values.AsSpan(count * size, size));
            if (labels is not null) labels[count] = label;
            if (++count < batchSize) continue;
            // The trainer copies a batch into a tensor before asking for the next, so the buffers are reused.
            yield return new GanBatch(values, labels, count);
            count = 0;
        }
        // The trainer rejects 1-row batches (BatchNorm needs two rows), so a single leftover row is dropped, not merged into
        // the previous (already trained) batch; the pool shuffle drops a different row each epoch.
        if (count >= 2) yield return new GanBatch(values[..(count * size)], labels?[..count], count);
    }

    /// <summary>Scaled rows with their class index; a row without a usable label gets -1 (the trainer's "no label").</summary>
    private static IEnumerable<(float[] Row, int Label)> Rows(IDataView data, TrainingColumns columns, LabelCodec? codec, FeatureScaler scaler)
    {
        var active = columns.Label is { } l ? new[] { columns.Feature, l } : new[] { columns.Feature };
        using var cursor = data.GetRowCursor(active);
        var features = cursor.GetGetter<VBuffer<float>>(columns.Feature);
        var label = codec is null ? null : codec.CreateIndexGetter(cursor, columns.Label!.Value);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            int index = label?.Invoke() ?? 0;
            features(ref buffer);
            var row = new float[columns.FeatureSize];
            buffer.CopyTo(row);
            scaler.ToNetwork(row);
            yield return (row, index);
        }
    }

    /// <summary>Pool shuffle: fill a pool, then emit a random pool entry and put the next source row in its place.</summary>
    private static IEnumerable<T> Shuffle<T>(IEnumerable<T> source, int poolSize, Random random)
    {
        var pool = new List<T>(Math.Min(poolSize, 65_536));
        foreach (var item in source)
        {
            if (pool.Count < poolSize) { pool.Add(item); continue; }
            int pick = random.Next(pool.Count);
            yield return pool[pick];
            pool[pick] = item;
        }
        while (pool.Count > 0)
        {
            int pick = random.Next(pool.Count);
            yield return pool[pick];
            pool[pick] = pool[^1];
            pool.RemoveAt(pool.Count - 1);
        }
    }
}
