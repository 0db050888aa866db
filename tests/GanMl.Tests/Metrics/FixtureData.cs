using System.Text.Json;
using GanMl.Metrics;

namespace GanMl.Tests.Metrics;

internal static class FixtureData
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fid");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json"))).RootElement;

    /// <summary>All arrays of a fixture .npz file, by name without the .npy suffix.</summary>
    public static Dictionary<string, (double[] Data, int[] Shape)> Load(string name)
    {
        string path = PathOf(name);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var result = new Dictionary<string, (double[] Data, int[] Shape)>();
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            string key = e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName;
            result[key] = Npz.ReadNpy(ms.ToArray(), $"'{path}' entry '{e.FullName}'");
        }
        return result;
    }

    public static double[,] Matrix((double[] Data, int[] Shape) a)
    {
        int n = a.Shape[0], d = a.Shape[1];
        var m = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) m[i, j] = a.Data[i * d + j];
        return m;
    }

    public static float[][] Rows((double[] Data, int[] Shape) a)
    {
        int n = a.Shape[0], d = a.Shape[1];
        var r = new float[n][];
        for (int i = 0; i < n; i++)
        {
            r[i] = new float[d];
            for (int j = 0; j < d; j++) r[i][j] = (float)a.Data[i * d + j];
        }
        return r;
    }

    public static double[,] Gaussian(Random rng, int n, int d, double[] std, double[] mean)
    {
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                x[i, j] = mean[j] + std[j] * z;
            }
        return x;
    }

    public static void AssertRel(double expected, double actual, double rel, string what)
    {
        double diff = Math.Abs(expected - actual);
        Xunit.Assert.True(diff <= rel * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R}, relative difference {diff / Math.Abs(expected):E2} > {rel:E1}");
    }
}
