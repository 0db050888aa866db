using System.Text.Json;
using GanMl.Metrics;

namespace GanMl.Tests.Metrics;

internal static class FixtureData
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fid");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(PathOf("expected.json"))).RootElement;

    public static Dictionary<string, (double[] Data, int[] Shape)> Load(string name) => Npz.LoadAll(PathOf(name));

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
