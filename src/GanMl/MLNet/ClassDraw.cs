namespace GanMl;

/// <summary>
/// The classes of unlabelled generation requests, drawn with the training rows' class frequencies. One draw for
/// <c>GanTransformer.Generate</c> and <see cref="OnnxGenerator.Generate(int, int?)"/>, so that both give the same labels for a
/// seed.
/// </summary>
internal static class ClassDraw
{
    /// <summary><paramref name="rowCount"/> class indices, class c with probability counts[c] / Σ counts.</summary>
    public static int[] ByFrequency(IReadOnlyList<long> counts, int rowCount, int seed)
    {
        var random = new Random(seed);
        long total = counts.Sum();
        var classes = new int[rowCount];
        for (int i = 0; i < rowCount; i++)
        {
            long pick = random.NextInt64(total);
            int c = 0;
            while (pick >= counts[c]) pick -= counts[c++];
            classes[i] = c;
        }
        return classes;
    }
}
