using GanMl.Metrics;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace GanMl.Tests.Metrics;

public class FrechetDistanceTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;

    public FrechetDistanceTests(Xunit.Abstractions.ITestOutputHelper output) => _out = output;

    public static TheoryData<string> Cases => new() { "gauss", "rankdef", "near_identical", "illcond", "mixed" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPytorchFidAndNuclearNorm(string name)
    {
        var data = FixtureData.Load($"case_{name}.npz");
        var exp = FixtureData.Expected.GetProperty("cases").GetProperty(name);
        double scipy = exp.GetProperty("fid_pytorch_fid").GetDouble();
        double nuclear = exp.GetProperty("fid_nuclear").GetDouble();
        double traces = exp.GetProperty("trace_s1").GetDouble() + exp.GetProperty("trace_s2").GetDouble();
        foreach (bool keep in new[] { false, true })
        {
            var a = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]), keep);
            var b = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x2"]), keep);
            var r = FrechetDistance.ComputeDetailed(a, b);
            _out.WriteLine($"{name} keep={keep} {r.Method}: FID {r.Distance:R}; rel diff vs pytorch-fid {Math.Abs(r.Distance - scipy) / Math.Abs(scipy):E2}, vs nuclear {Math.Abs(r.Distance - nuclear) / Math.Abs(nuclear):E2}");
            if (name == "near_identical")
            {
                // FID ~ 6e-9: compare on the scale of the traces (scipy and the exact form differ by 3e-14 here).
                Assert.True(Math.Abs(r.Distance - nuclear) <= 1e-9 * traces, $"keep={keep}: {r.Distance:R} vs {nuclear:R}");
                Assert.True(Math.Abs(r.Distance - scipy) <= 1e-9 * traces, $"keep={keep}: {r.Distance:R} vs scipy {scipy:R}");
            }
            else
            {
                FixtureData.AssertRel(scipy, r.Distance, 1e-6, $"{name} keep={keep} ({r.Method}) vs pytorch-fid");
                FixtureData.AssertRel(nuclear, r.Distance, r.Method == TraceSqrtMethod.NuclearNorm ? 1e-11 : 1e-7, $"{name} keep={keep} ({r.Method}) vs nuclear norm");
            }
        }
    }

    [Fact]
    public void PathsAreChosenAsDocumented()
    {
        var data = FixtureData.Load("case_rankdef.npz");
        var a = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]), keepCenteredFeatures: true);
        var b = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x2"]), keepCenteredFeatures: true);
        Assert.Equal(TraceSqrtMethod.NuclearNorm, FrechetDistance.ComputeDetailed(a, b).Method);
        var a0 = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]));
        var b0 = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x2"]));
        Assert.Equal(TraceSqrtMethod.SampleSpace, FrechetDistance.ComputeDetailed(a, b0).Method);
        var piv = FrechetDistance.ComputeDetailed(a0, b0);
        Assert.Equal(TraceSqrtMethod.PivotedCholesky, piv.Method);
        double nuclear = FixtureData.Expected.GetProperty("cases").GetProperty("rankdef").GetProperty("fid_nuclear").GetDouble();
        FixtureData.AssertRel(nuclear, piv.Distance, 1e-7, "pivoted Cholesky vs nuclear norm");
        var g = FixtureData.Load("case_gauss.npz");
        var ga = FeatureStatistics.FromFeatures(FixtureData.Matrix(g["x1"]));
        var gb = FeatureStatistics.FromFeatures(FixtureData.Matrix(g["x2"]));
        Assert.Equal(TraceSqrtMethod.Cholesky, FrechetDistance.ComputeDetailed(ga, gb).Method);
    }

    [Fact]
    public void AllPathsAgreeWithIndependentReferences()
    {
        var rng = new Random(5);
        int d = 24;
        var std1 = Enumerable.Range(0, d).Select(i => 0.5 + i % 5).ToArray();
        var x1 = FixtureData.Gaussian(rng, 60, d, std1, new double[d]);
        var x2 = FixtureData.Gaussian(rng, 15, d, Enumerable.Repeat(1.5, d).ToArray(), Enumerable.Repeat(0.1, d).ToArray());
        var x3 = FixtureData.Gaussian(rng, 90, d, Enumerable.Repeat(1.1, d).ToArray(), Enumerable.Repeat(-0.2, d).ToArray());
        // Rank-deficient S2 (n2 = 15 < d): reference = nuclear norm of X1c X2c^T by MathNet's SVD (exact in general).
        var a = FeatureStatistics.FromFeatures(x1, true);
        var b = FeatureStatistics.FromFeatures(x2, true);
        double exact = NuclearNormReference(a, b);
        var r = FrechetDistance.ComputeDetailed(a, b);
        Assert.Equal(TraceSqrtMethod.SampleSpace, r.Method);
        FixtureData.AssertRel(exact, r.Distance, 1e-11, "sample-space vs SVD nuclear norm");
        var r1 = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(x1), FeatureStatistics.FromFeatures(x2));
        Assert.Equal(TraceSqrtMethod.Cholesky, r1.Method); // S2 singular: factor S1 instead
        FixtureData.AssertRel(exact, r1.Distance, 1e-7, "Cholesky(S1) vs SVD nuclear norm");
        // Both positive definite: reference = tr sqrt(sqrt(S1) S2 sqrt(S1)) with MathNet EVDs.
        var c = FeatureStatistics.FromFeatures(x3);
        var a0 = FeatureStatistics.FromFeatures(x1);
        var r2 = FrechetDistance.ComputeDetailed(a0, c);
        Assert.Equal(TraceSqrtMethod.Cholesky, r2.Method);
        FixtureData.AssertRel(BruteForce(a0, c), r2.Distance, 1e-11, "Cholesky vs MathNet EVD sqrtm");
        FixtureData.AssertRel(NuclearNormReference(a, FeatureStatistics.FromFeatures(x3, true)), r2.Distance, 1e-11, "Cholesky vs SVD nuclear norm");
    }

    private static double NuclearNormReference(FeatureStatistics a, FeatureStatistics b)
    {
        int d = a.Dimension, n1 = (int)a.Count, n2 = (int)b.Count;
        var x1 = Matrix<double>.Build.Dense(n1, d, (i, j) => a.CenteredFeatures.Span[i * d + j]);
        var x2 = Matrix<double>.Build.Dense(n2, d, (i, j) => b.CenteredFeatures.Span[i * d + j]);
        double tr = (x1 * x2.Transpose()).Svd(false).S.Sum() / Math.Sqrt((n1 - 1.0) * (n2 - 1.0));
        double mt = 0;
        for (int i = 0; i < d; i++) { double t = a.Mean.Span[i] - b.Mean.Span[i]; mt += t * t; }
        return mt + a.CovarianceTrace + b.CovarianceTrace - 2 * tr;
    }

    internal static double BruteForce(FeatureStatistics a, FeatureStatistics b)
    {
        int d = a.Dimension;
        var s1 = Matrix<double>.Build.Dense(d, d, (i, j) => a.Covariance.Span[i * d + j]);
        var s2 = Matrix<double>.Build.Dense(d, d, (i, j) => b.Covariance.Span[i * d + j]);
        var e = s1.Evd(Symmetricity.Symmetric);
        var sq = e.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(e.EigenValues.Select(l => Math.Sqrt(Math.Max(0, l.Real))).ToArray()) * e.EigenVectors.Transpose();
        var m = sq * s2 * sq;
        m = (m + m.Transpose()) / 2;
        double tr = m.Evd(Symmetricity.Symmetric).EigenValues.Sum(l => Math.Sqrt(Math.Max(0, l.Real)));
        double mt = 0;
        for (int i = 0; i < d; i++) { double t = a.Mean.Span[i] - b.Mean.Span[i]; mt += t * t; }
        return mt + s1.Trace() + s2.Trace() - 2 * tr;
    }

    [Fact]
    public void LargerDimensionExercisesParallelKernels()
    {
        // d = 451 (not a multiple of the vector width or of 4) takes the parallel branches of every kernel.
        var rng = new Random(17);
        int d = 451;
        var sd = Enumerable.Range(0, d).Select(i => 0.2 + (i % 7) * 0.3).ToArray();
        var x1 = FixtureData.Gaussian(rng, 600, d, sd, new double[d]);
        var x2 = FixtureData.Gaussian(rng, 530, d, sd.Reverse().ToArray(), Enumerable.Repeat(0.05, d).ToArray());
        var a = FeatureStatistics.FromFeatures(x1);
        var b = FeatureStatistics.FromFeatures(x2);
        var r = FrechetDistance.ComputeDetailed(a, b);
        Assert.Equal(TraceSqrtMethod.Cholesky, r.Method);
        FixtureData.AssertRel(BruteForce(a, b), r.Distance, 1e-9, "d=451 Cholesky vs MathNet EVD sqrtm");

        // n < d: the three exact forms agree.
        var y1 = FixtureData.Gaussian(rng, 150, d, sd, new double[d]);
        var y2 = FixtureData.Gaussian(rng, 170, d, sd, Enumerable.Repeat(0.1, d).ToArray());
        var k1 = FeatureStatistics.FromFeatures(y1, true);
        var k2 = FeatureStatistics.FromFeatures(y2, true);
        var nuc = FrechetDistance.ComputeDetailed(k1, k2);
        var ss = FrechetDistance.ComputeDetailed(k1, FeatureStatistics.FromFeatures(y2));
        var pc = FrechetDistance.ComputeDetailed(FeatureStatistics.FromFeatures(y1), FeatureStatistics.FromFeatures(y2));
        Assert.Equal(TraceSqrtMethod.NuclearNorm, nuc.Method);
        Assert.Equal(TraceSqrtMethod.SampleSpace, ss.Method);
        Assert.Equal(TraceSqrtMethod.PivotedCholesky, pc.Method);
        FixtureData.AssertRel(nuc.Distance, ss.Distance, 1e-10, "sample-space vs nuclear norm");
        FixtureData.AssertRel(nuc.Distance, pc.Distance, 1e-8, "pivoted Cholesky vs nuclear norm");
    }

    [Fact]
    public void DiagonalGaussiansMatchClosedForm()
    {
        // For diagonal covariances FID = |mu1 - mu2|^2 + sum (s1 - s2)^2 with s the standard deviations.
        // Check against the closed form of the *sample* statistics, and that it approaches the population value.
        var rng = new Random(11);
        int d = 8;
        double[] sd1 = { 1, 2, 0.5, 1.5, 1, 3, 0.7, 1 };
        double[] sd2 = { 1.2, 1.5, 0.5, 1, 2, 3, 0.3, 1 };
        double[] m1 = new double[d], m2 = { 0.5, 0, 0, -1, 0, 0, 0, 2 };
        // Population values through explicit diagonal statistics.
        var diag1 = new double[d, d]; var diag2 = new double[d, d];
        for (int i = 0; i < d; i++) { diag1[i, i] = sd1[i] * sd1[i]; diag2[i, i] = sd2[i] * sd2[i]; }
        double closed = 0;
        for (int i = 0; i < d; i++) closed += (m1[i] - m2[i]) * (m1[i] - m2[i]) + (sd1[i] - sd2[i]) * (sd1[i] - sd2[i]);
        double exact = FrechetDistance.Compute(new FeatureStatistics(m1, diag1), new FeatureStatistics(m2, diag2));
        FixtureData.AssertRel(closed, exact, 1e-12, "diagonal closed form");
        Assert.Equal(6.95, closed, 10);
        // Sampled sets converge to it.
        var a = FeatureStatistics.FromFeatures(FixtureData.Gaussian(rng, 20000, d, sd1, m1));
        var b = FeatureStatistics.FromFeatures(FixtureData.Gaussian(rng, 20000, d, sd2, m2));
        double sampled = FrechetDistance.Compute(a, b);
        Assert.InRange(sampled, closed * 0.97, closed * 1.03);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdenticalSetsGiveZero(bool keep)
    {
        foreach (var name in new[] { "gauss", "rankdef", "illcond" })
        {
            var data = FixtureData.Load($"case_{name}.npz");
            var a = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]), keep);
            var b = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]), keep);
            double fid = FrechetDistance.Compute(a, b);
            Assert.True(fid >= 0, $"{name}: negative FID {fid}");
            Assert.True(fid <= 1e-9 * a.CovarianceTrace, $"{name} keep={keep}: FID of identical sets {fid:R} > 1e-9 tr S ({a.CovarianceTrace})");
        }
    }

    [Fact]
    public void StatisticsMatchTwoPassComputation()
    {
        // Large offset: a naive sum-of-squares would lose digits; the shifted accumulation must not.
        var rng = new Random(3);
        int n = 500, d = 5;
        var x = FixtureData.Gaussian(rng, n, d, new double[] { 1e-3, 1, 2, 3, 4 }, new double[] { 1e6, -1e5, 0, 10, 1 });
        var s = FeatureStatistics.FromFeatures(x);
        var mean = new double[d];
        for (int j = 0; j < d; j++) { for (int i = 0; i < n; i++) mean[j] += x[i, j]; mean[j] /= n; }
        for (int p = 0; p < d; p++)
            for (int q = 0; q < d; q++)
            {
                double c = 0;
                for (int i = 0; i < n; i++) c += (x[i, p] - mean[p]) * (x[i, q] - mean[q]);
                c /= n - 1;
                Assert.True(Math.Abs(c - s.Covariance.Span[p * d + q]) <= 1e-9 * Math.Sqrt(Math.Abs(s.Covariance.Span[p * d + p] * s.Covariance.Span[q * d + q])) + 1e-18,
                    $"cov[{p},{q}] {s.Covariance.Span[p * d + q]:R} vs two-pass {c:R}");
            }
        for (int j = 0; j < d; j++) Assert.Equal(mean[j], s.Mean.Span[j], 1e-9 * Math.Abs(mean[j]) + 1e-12);
        Assert.Equal(n, s.Count);
    }

    [Fact]
    public void InputErrorsAreClear()
    {
        var one = new float[][] { new float[] { 1, 2 } };
        var e1 = Assert.Throws<ArgumentException>(() => FeatureStatistics.FromFeatures(one));
        Assert.Contains("At least 2", e1.Message);
        var nan = new float[][] { new float[] { 1, 2 }, new float[] { 3, float.NaN }, new float[] { 0, 0 } };
        var e2 = Assert.Throws<ArgumentException>(() => FeatureStatistics.FromFeatures(nan));
        Assert.Contains("row 1, column 1", e2.Message);
        Assert.Contains("NaN", e2.Message);
        var ragged = new float[][] { new float[] { 1, 2 }, new float[] { 3 } };
        Assert.Contains("row 1 has 1 values; expected 2", Assert.Throws<ArgumentException>(() => FeatureStatistics.FromFeatures(ragged)).Message);
        var a = FeatureStatistics.FromFeatures(new float[][] { new float[] { 1, 2 }, new float[] { 3, 5 } });
        var b = FeatureStatistics.FromFeatures(new float[][] { new float[] { 1, 2, 3 }, new float[] { 3, 5, 1 } });
        var e3 = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b));
        Assert.Contains("2 (first set) vs 3 (second set)", e3.Message);
        Assert.Throws<ArgumentException>(() => FeatureStatistics.FromFeatures(new float[5], 2));
        var bad = new double[,] { { 1, 2 }, { 3, 4 } };
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => new FeatureStatistics(new double[] { 0, 0 }, bad)).Message);
    }

    [Fact]
    public void FastEigenvaluesMatchMathNet()
    {
        var rng = new Random(9);
        foreach (int n in new[] { 1, 2, 3, 7, 40, 130, 263 })
        {
            var g = Matrix<double>.Build.Dense(n, n, (i, j) => rng.NextDouble() - 0.5);
            var s = g * g.Transpose() - 0.1 * Matrix<double>.Build.DenseIdentity(n);
            var arr = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) arr[i * n + j] = s[i, j];
            var mine = SymmetricEigen.Eigenvalues(arr, n).OrderBy(x => x).ToArray();
            var theirs = s.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).OrderBy(x => x).ToArray();
            double scale = theirs.Max(Math.Abs);
            for (int i = 0; i < n; i++) Assert.True(Math.Abs(mine[i] - theirs[i]) <= 1e-12 * scale, $"n={n} eig {i}: {mine[i]} vs {theirs[i]}");
        }
    }
}
