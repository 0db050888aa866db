using GanMl.Metrics;
using Xunit;

namespace GanMl.Tests.Metrics;

public class FeatureStatisticsMergeTests
{
    private static float[][] Rows(int count, int d, int seed)
    {
        var random = new Random(seed);
        // Offset and scaled features, so that a merge that forgot the mean shift would be far off.
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, d).Select(j => (float)(100 + j + 3 * random.NextDouble() * (1 + j % 3))).ToArray()).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void MergingUnevenShardsEqualsOnePassOverAllRows(int shards)
    {
        const int d = 12;
        var rows = Rows(503, d, shards);
        var cuts = new[] { 0 }.Concat(Enumerable.Range(1, shards - 1).Select(i => (int)(503 * Math.Pow(i / (double)shards, 1.7)))).Append(503).ToArray();
        var parts = Enumerable.Range(0, shards).Select(i => FeatureStatistics.FromFeatures(rows[cuts[i]..cuts[i + 1]])).ToArray();
        var merged = FeatureStatistics.Merge(parts);
        var whole = FeatureStatistics.FromFeatures(rows);

        Assert.Equal(whole.Count, merged.Count);
        AssertClose(whole.Mean.ToArray(), merged.Mean.ToArray());
        AssertClose(whole.Covariance.ToArray(), merged.Covariance.ToArray());
        Assert.Equal(0, FrechetDistance.Compute(whole, merged), 9);
    }

    [Fact]
    public void SavedShardsKeepTheirCountAndMergeFromNpzFiles()
    {
        var rows = Rows(90, 5, 3);
        string folder = Path.Combine(Path.GetTempPath(), "ganml-merge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string a = Path.Combine(folder, "a.npz"), b = Path.Combine(folder, "b.npz");
            FeatureStatistics.FromFeatures(rows[..30]).SaveNpz(a);
            FeatureStatistics.FromFeatures(rows[30..]).SaveNpz(b);
            var shardA = FeatureStatistics.LoadNpz(a);
            Assert.Equal(30, shardA.Count);
            var merged = FeatureStatistics.Merge(shardA, FeatureStatistics.LoadNpz(b));
            AssertClose(FeatureStatistics.FromFeatures(rows).Covariance.ToArray(), merged.Covariance.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadPartsAreNamed()
    {
        var a = FeatureStatistics.FromFeatures(Rows(10, 3, 1));
        Assert.Contains("dimension", Assert.Throws<ArgumentException>(() => FeatureStatistics.Merge(a, FeatureStatistics.FromFeatures(Rows(10, 4, 2)))).Message);
        Assert.Contains("sample count", Assert.Throws<ArgumentException>(() => FeatureStatistics.Merge(a, new FeatureStatistics(new double[3], new double[3, 3]))).Message);
        Assert.Throws<ArgumentException>(() => FeatureStatistics.Merge());
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale, $"element {i}: {expected[i]} vs {actual[i]} (relative {Math.Abs(expected[i] - actual[i]) / scale:E2})");
    }
}
