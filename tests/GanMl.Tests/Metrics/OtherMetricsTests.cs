using GanMl.Metrics;
using Xunit;

namespace GanMl.Tests.Metrics;

public class OtherMetricsTests
{
    [Fact]
    public void KidMatchesCleanFidWhenSubsetsAreWholeSets()
    {
        var data = FixtureData.Load("kid.npz");
        var r = KernelInceptionDistance.Compute(FixtureData.Rows(data["x1"]), FixtureData.Rows(data["x2"]), subsets: 10, subsetSize: 1000, seed: 1);
        Assert.Equal(100, r.SubsetSize);
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("kid_full").GetDouble(), r.Mean, 1e-6, "KID");
        Assert.True(r.StandardDeviation < 1e-9 * Math.Abs(r.Mean) + 1e-15, $"std {r.StandardDeviation}");
    }

    [Fact]
    public void KidIsNearZeroForSameDistributionAndPositiveOtherwise()
    {
        var data = FixtureData.Load("kid_same.npz");
        var same = KernelInceptionDistance.Compute(FixtureData.Rows(data["x1"]), FixtureData.Rows(data["x2"]), subsets: 20, subsetSize: 50, seed: 3);
        var diff = FixtureData.Load("kid.npz");
        var other = KernelInceptionDistance.Compute(FixtureData.Rows(diff["x1"]), FixtureData.Rows(diff["x2"]), subsets: 20, subsetSize: 50, seed: 3);
        Assert.True(Math.Abs(same.Mean) < 0.1 * other.Mean, $"same {same.Mean} vs different {other.Mean}");
        Assert.True(same.StandardDeviation > 0);
        // Seeded: same seed, same value; another seed, another value.
        var again = KernelInceptionDistance.Compute(FixtureData.Rows(diff["x1"]), FixtureData.Rows(diff["x2"]), subsets: 20, subsetSize: 50, seed: 3);
        Assert.Equal(other.Mean, again.Mean);
        var seed4 = KernelInceptionDistance.Compute(FixtureData.Rows(diff["x1"]), FixtureData.Rows(diff["x2"]), subsets: 20, subsetSize: 50, seed: 4);
        Assert.NotEqual(other.Mean, seed4.Mean);
    }

    [Fact]
    public void KidPerSubsetPathMatchesPrecomputedPath()
    {
        // Large sets take the per-subset path; with subsetSize = n both must equal the full-set value.
        var data = FixtureData.Load("kid.npz");
        var x1 = data["x1"].Data; var x2 = data["x2"].Data;
        var slow = KernelInceptionDistance.Compute(x1, 100, x2, 100, 16, 2, 100, 0);
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("kid_full").GetDouble(), slow.Mean, 1e-6, "KID");
    }

    [Fact]
    public void FidIsBiasedForSmallSamplesWhileKidIsNot()
    {
        // Both sets from the same Gaussian: the true distance is 0. FID's bias shrinks with n; KID stays near 0.
        var rng = new Random(21);
        int d = 8;
        var sd = Enumerable.Repeat(1.0, d).ToArray();
        var mu = new double[d];
        double Fid(int n) => FrechetDistance.Compute(
            FeatureStatistics.FromFeatures(FixtureData.Gaussian(rng, n, d, sd, mu)),
            FeatureStatistics.FromFeatures(FixtureData.Gaussian(rng, n, d, sd, mu)));
        double fidSmall = Enumerable.Range(0, 5).Average(_ => Fid(30));
        double fidLarge = Enumerable.Range(0, 5).Average(_ => Fid(600));
        Assert.True(fidSmall > 3 * fidLarge, $"FID(n=30) {fidSmall} should be well above FID(n=600) {fidLarge}");
        float[] Flat(int n) => FixtureData.Rows((Flatten(FixtureData.Gaussian(rng, n, d, sd, mu)), new[] { n, d })).SelectMany(r => r).ToArray();
        double kidSmall = Enumerable.Range(0, 5).Average(s => KernelInceptionDistance.Compute(Flat(30), Flat(30), d, 10, 1000, s).Mean);
        // KID of a clearly different distribution, for scale.
        var shifted = FixtureData.Rows((Flatten(FixtureData.Gaussian(rng, 30, d, sd, Enumerable.Repeat(0.7, d).ToArray())), new[] { 30, d })).SelectMany(r => r).ToArray();
        double kidShift = KernelInceptionDistance.Compute(Flat(30), shifted, d, 10, 1000, 0).Mean;
        Assert.True(Math.Abs(kidSmall) < 0.1 * kidShift, $"KID same-distribution {kidSmall} vs shifted {kidShift}");
    }

    private static double[] Flatten(double[,] x) => x.Cast<double>().ToArray();

    [Fact]
    public void PsnrAndSsimMatchReference()
    {
        var data = FixtureData.Load("images.npz");
        var a = data["img1"].Data.Select(x => (float)x).ToArray();
        var b = data["img2"].Data.Select(x => (float)x).ToArray();
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("psnr").GetDouble(), ImageQuality.Psnr(a, b, 1.0), 1e-9, "PSNR");
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("ssim").GetDouble(), ImageQuality.Ssim(a, b, 3, 32, 24, 1.0), 1e-9, "SSIM");
        Assert.Equal(1.0, ImageQuality.Ssim(a, a, 3, 32, 24, 1.0), 12);
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, a, 1.0));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, b, 3, 8, 96, 1.0));
    }

    [Fact]
    public void InceptionScoreMatchesReference()
    {
        var p = FixtureData.Load("probs.npz")["p"];
        var e = FixtureData.Expected.GetProperty("inception_score");
        var r = InceptionScore.Compute(FixtureData.Rows(p), e.GetProperty("splits").GetInt32());
        FixtureData.AssertRel(e.GetProperty("mean").GetDouble(), r.Mean, 1e-6, "IS mean");
        FixtureData.AssertRel(e.GetProperty("std").GetDouble(), r.StandardDeviation, 1e-5, "IS std");
        // Uniform predictions score 1; confident, evenly spread predictions score the class count.
        var uniform = Enumerable.Range(0, 20).Select(_ => Enumerable.Repeat(0.25f, 4).ToArray()).ToArray();
        Assert.Equal(1.0, InceptionScore.Compute(uniform, 2).Mean, 9);
        var sharp = Enumerable.Range(0, 20).Select(i => Enumerable.Range(0, 4).Select(c => c == i % 4 ? 1f : 0f).ToArray()).ToArray();
        Assert.Equal(4.0, InceptionScore.Compute(sharp, 1).Mean, 9);
        Assert.Contains("sums to", Assert.Throws<ArgumentException>(() => InceptionScore.Compute(new[] { new float[] { 0.5f, 0.1f } }, 1)).Message);
    }
}
