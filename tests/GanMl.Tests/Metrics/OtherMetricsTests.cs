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
