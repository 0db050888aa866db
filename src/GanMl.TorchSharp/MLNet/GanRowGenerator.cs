using GanMl.Torch;
using Microsoft.ML;

namespace GanMl;

/// <summary>
/// Generates rows in the training value range as a data view: labels drawn from the training distribution, given
/// classes, or the best of several candidates per row by D(x).
/// </summary>
internal sealed class GanRowGenerator(GanTrainer trainer, GanModelInfo info, DiscriminatorScorer scorer)
{
    private int FeatureSize => trainer.Spec.FeatureSize;

    /// <summary>Rows of the given classes (null when unconditional) from noise seeded by <paramref name="seed"/>.</summary>
    public IDataView Generate(int[]? classes, int rowCount, int seed)
    {
        var values = trainer.Generate(rowCount, seed, classes?.Select(c => (long)c).ToArray());
        info.Scaler.FromNetwork(values);
        return Rows(values, classes);
    }

    /// <summary>Per group (a class, or all rows when unconditional) draws ⌈n·candidatesPerRow⌉ candidates and keeps the n with the highest
    /// D(x).</summary>
    public IDataView GenerateSelected(int[] rowsPerGroup, int seed, double candidatesPerRow)
    {
        if (!(candidatesPerRow >= 1) || double.IsInfinity(candidatesPerRow))
            throw new ArgumentOutOfRangeException(nameof(candidatesPerRow), candidatesPerRow, "candidatesPerRow must be a finite number ≥ 1.");
        bool conditional = info.Labels is not null;
        var candidates = rowsPerGroup.Select(n => (int)Math.Ceiling(n * candidatesPerRow)).ToArray();
        CheckRowCount(candidates.Sum(n => (long)n));
        var groupOf = candidates.SelectMany((m, g) => Enumerable.Repeat(g, m)).ToArray();
        long[]? labels = conditional ? groupOf.Select(g => (long)g).ToArray() : null;
        var values = trainer.Generate(groupOf.Length, seed, labels);
        int size = FeatureSize;
        var keep = new List<int>(rowsPerGroup.Sum());
        if (candidatesPerRow == 1.0) keep.AddRange(Enumerable.Range(0, groupOf.Length));
        else
        {
            var scores = scorer.Score(values, labels);
            for (int g = 0, start = 0; g < candidates.Length; start += candidates[g], g++)
                keep.AddRange(Enumerable.Range(start, candidates[g]).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(rowsPerGroup[g]).Order());
        }
        var kept = new float[(long)keep.Count * size];
        for (int k = 0; k < keep.Count; k++) values.AsSpan(keep[k] * size, size).CopyTo(kept.AsSpan(k * size, size));
        info.Scaler.FromNetwork(kept);
        return Rows(kept, conditional ? keep.Select(i => groupOf[i]).ToArray() : null);
    }

    /// <summary>The rows as a data view with the training feature column and, when conditional, the label column in its training type.</summary>
    private IDataView Rows(float[] values, int[]? classes)
    {
        var schema = GeneratedRowsDataView.CreateSchema(info.FeatureColumn, FeatureSize, info.Labels);
        return new GeneratedRowsDataView(schema, values, FeatureSize, info.Labels?.RawValues(), classes);
    }

    /// <summary><paramref name="rowCount"/> class indices drawn with the training rows' class frequencies.</summary>
    public int[] SampleClasses(int rowCount, int seed) => ClassDraw.ByFrequency(info.ClassCounts, rowCount, seed);

    /// <summary>Throws when <paramref name="rowCount"/> is negative or more rows than one array holds.</summary>
    public void CheckRowCount(long rowCount)
    {
        if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, "rowCount must not be negative.");
        GeneratedRowsDataView.CheckFitsOneArray(rowCount, FeatureSize, nameof(rowCount));
    }
}
