using GanMl.Metrics;
using Xunit;

namespace GanMl.Tests.Metrics;

public class NpzTests
{
    [Fact]
    public void ReadsNumpyWrittenFloat64AndFloat32()
    {
        var exp = FixtureData.Expected.GetProperty("stats_numpy");
        int d = exp.GetProperty("d").GetInt32();
        var f8 = FeatureStatistics.LoadNpz(FixtureData.PathOf("stats_numpy_f8.npz"));
        Assert.Equal(d, f8.Dimension);
        Assert.Equal(0, f8.Count);
        Assert.Equal(exp.GetProperty("mu0").GetDouble(), f8.Mean.Span[0]);
        Assert.Equal(exp.GetProperty("sigma01").GetDouble(), f8.Covariance.Span[1]);
        var f4 = FeatureStatistics.LoadNpz(FixtureData.PathOf("stats_numpy_f4.npz"));
        Assert.Equal((double)(float)exp.GetProperty("mu0").GetDouble(), f4.Mean.Span[0]);
        Assert.Equal((double)(float)exp.GetProperty("sigma01").GetDouble(), f4.Covariance.Span[1]);

        // The loaded statistics give pytorch-fid's value against the second set.
        var data = FixtureData.Load("case_gauss.npz");
        var b = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x2"]));
        double scipy = FixtureData.Expected.GetProperty("cases").GetProperty("gauss").GetProperty("fid_pytorch_fid").GetDouble();
        FixtureData.AssertRel(scipy, FrechetDistance.Compute(f8, b), 1e-6, "FID from numpy-written stats");
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        var e = Assert.Throws<InvalidDataException>(() => FeatureStatistics.LoadNpz(FixtureData.PathOf("stats_numpy_fortran.npz")));
        Assert.Contains("Fortran", e.Message);
    }

    [Fact]
    public void RoundTripsBitExactlyAndAtomically()
    {
        var data = FixtureData.Load("case_mixed.npz");
        var s = FeatureStatistics.FromFeatures(FixtureData.Matrix(data["x1"]));
        string dir = Path.Combine(Path.GetTempPath(), "ganml-npz-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "stats.npz");
        try
        {
            s.SaveNpz(path);
            s.SaveNpz(path); // overwrite
            Assert.Single(Directory.GetFiles(dir)); // no temp files left
            var back = FeatureStatistics.LoadNpz(path);
            Assert.Equal(s.Mean.ToArray(), back.Mean.ToArray());
            Assert.Equal(s.Covariance.ToArray(), back.Covariance.ToArray());
            // The file is pytorch-fid's layout: a zip with mu.npy and sigma.npy, v1.0 headers aligned to 64 bytes,
            // plus n.npy (the sample count, which pytorch-fid ignores) when the count is known.
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            Assert.Equal(s.Count > 0 ? new[] { "mu.npy", "n.npy", "sigma.npy" } : new[] { "mu.npy", "sigma.npy" }, zip.Entries.Select(e => e.FullName).OrderBy(x => x).ToArray());
            Assert.Equal(s.Count, back.Count);
            using var st = zip.GetEntry("sigma.npy")!.Open();
            var head = new byte[128];
            st.ReadExactly(head);
            Assert.Equal(1, head[6]);
            int hl = head[8] | (head[9] << 8);
            Assert.Equal(0, (10 + hl) % 64);
            string h = System.Text.Encoding.ASCII.GetString(head, 10, hl);
            Assert.Contains("'descr': '<f8', 'fortran_order': False, 'shape': (48, 48)", h);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingAndMalformedFilesFailClearly()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FeatureStatistics.LoadNpz("/nonexistent/stats.npz"));
        Assert.Contains("/nonexistent/stats.npz", e.Message);
        var e2 = Assert.Throws<InvalidDataException>(() => FeatureStatistics.LoadNpz(FixtureData.PathOf("kid.npz")));
        Assert.Contains("no 'mu' array", e2.Message);
    }
}
