using GanMl.Metrics;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace GanMl.Tests.Metrics;

/// <summary>The n &lt; d path: rows kept, no d x d covariance, and the same distance as the covariance path.</summary>
public class SmallSampleFrechetTests
{
    private static float[][] Rows(int n, int d, int seed, double scale = 1, int rank = 0)
    {
        var rng = new Random(seed);
        var basis = rank > 0 ? Enumerable.Range(0, rank).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray() : null;
        return Enumerable.Range(0, n).Select(_ =>
        {
            if (basis is null) return Enumerable.Range(0, d).Select(j => (float)(scale * (rng.NextDouble() + 0.01 * j))).ToArray();
            var c = basis.Select(_ => rng.NextDouble() - 0.5).ToArray();
            return Enumerable.Range(0, d).Select(j => (float)(scale * basis.Select((b, k) => b[j] * c[k]).Sum())).ToArray();
        }).ToArray();
    }

    /// <summary>The exact value from MathNet: trace terms from the covariances, tr sqrt from the SVD of X1c X2cᵀ.</summary>
    private static double Reference(float[][] x1, float[][] x2)
    {
        Matrix<double> Centred(float[][] x)
        {
            var m = Matrix<double>.Build.Dense(x.Length, x[0].Length, (i, j) => x[i][j]);
            var mean = m.ColumnSums() / x.Length;
            return m - Matrix<double>.Build.Dense(x.Length, x[0].Length, (_, j) => mean[j]);
        }
        var c1 = Centred(x1);
        var c2 = Centred(x2);
        int n1 = x1.Length, n2 = x2.Length;
        var mu = Vector<double>.Build.Dense(x1[0].Length, j => x1.Average(r => (double)r[j]) - x2.Average(r => (double)r[j]));
        double trace = c1.FrobeniusNorm() * c1.FrobeniusNorm() / (n1 - 1) + c2.FrobeniusNorm() * c2.FrobeniusNorm() / (n2 - 1);
        double nuclear = (c1 * c2.Transpose()).Svd(false).S.Sum() / Math.Sqrt((n1 - 1.0) * (n2 - 1.0));
        return mu.DotProduct(mu) + trace - 2 * nuclear;
    }

    [Theory]
    [InlineData(40, 25, 300)]
    [InlineData(7, 60, 128)]
    [InlineData(2, 2, 16)]
    public void RowsGiveTheExactDistanceWithoutACovariance(int n1, int n2, int d)
    {
        var x1 = Rows(n1, d, 1);
        var x2 = Rows(n2, d, 2, scale: 1.3);
        var a = FeatureStatistics.FromFeatures(x1, keepCenteredFeatures: true);
        var b = FeatureStatistics.FromFeatures(x2, keepCenteredFeatures: true);
        var r = FrechetDistance.ComputeDetailed(a, b);

        Assert.Equal(TraceSqrtMethod.NuclearNorm, r.Method);
        Assert.False(a.HasCovariance || b.HasCovariance, "the small-sample path formed a d x d covariance");
        FixtureData.AssertRel(Reference(x1, x2), r.Distance, 1e-10, "small-sample path vs MathNet reference");
        // Asking for the covariance forms it on demand, and the covariance path then agrees.
        var viaCovariance = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(x1), FeatureStatistics.FromFeatures(x2));
        Assert.NotEqual(TraceSqrtMethod.NuclearNorm, viaCovariance.Method);
        FixtureData.AssertRel(viaCovariance.Distance, r.Distance, 1e-7, "covariance path vs small-sample path");
        Assert.Equal(FeatureStatistics.FromFeatures(x1).Covariance.ToArray(), a.Covariance.ToArray(), new Tolerance(1e-12));
        Assert.True(a.HasCovariance);
    }

    [Fact]
    public void RankDeficientRowsStayExact()
    {
        // Rows spanning 5 directions: the cross matrix has many zero singular values, which the Gram matrix would blur.
        var x1 = Rows(30, 200, 3, rank: 5);
        var x2 = Rows(20, 200, 4, rank: 5);
        var r = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(x1, true), FeatureStatistics.FromFeatures(x2, true));
        Assert.Equal(TraceSqrtMethod.NuclearNorm, r.Method);
        FixtureData.AssertRel(Reference(x1, x2), r.Distance, 1e-10, "rank-deficient small sample vs MathNet reference");
    }

    [Fact]
    public void IdenticalSetsGiveZero()
    {
        var x = Rows(50, 300, 5);
        var s = FeatureStatistics.FromFeatures(x, true);
        Assert.True(FrechetDistance.Compute(s, FeatureStatistics.FromFeatures(x, true)) <= 1e-9 * s.CovarianceTrace);
    }

    [Theory]
    [InlineData(10)]   // the limit is hit inside the first block of 64 rows
    [InlineData(100)]  // after some full blocks
    public void AnAccumulatorPastItsRowLimitMatchesOneThatKeptNothing(int limit)
    {
        var x = Rows(150, 40, 6);
        var keeping = new FeatureAccumulator(40, keepRowsUpTo: limit);
        var plain = new FeatureAccumulator(40);
        foreach (var row in x) { keeping.Add(row); plain.Add(row); }
        var a = keeping.ToStatistics();
        var b = plain.ToStatistics();
        Assert.False(a.HasCenteredFeatures);
        Assert.Equal(b.Mean.ToArray(), a.Mean.ToArray(), new Tolerance(1e-12));
        Assert.Equal(b.Covariance.ToArray(), a.Covariance.ToArray(), new Tolerance(1e-12));
    }

    [Fact]
    public void OneSideWithCovarianceOnlyUsesTheOtherSidesRows()
    {
        var x1 = Rows(30, 100, 7);
        var x2 = Rows(300, 100, 8, scale: 1.2);
        var r = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(x1, true), FeatureStatistics.FromFeatures(x2));
        Assert.Equal(TraceSqrtMethod.SampleSpace, r.Method);
        var full = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(x1), FeatureStatistics.FromFeatures(x2));
        FixtureData.AssertRel(full.Distance, r.Distance, 1e-8, "sample-space vs covariance path");
    }

    private sealed class Tolerance(double relative) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= relative * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
        public int GetHashCode(double obj) => 0;
    }
}
