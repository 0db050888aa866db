using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GanMl.Metrics;

// GanMl benchmarks. Commands:
//   fid --x1 <file> --x2 <file> --dim <d> [--keep auto|on|off] [--json]
//       Reads two row-major little-endian float32 feature files (numpy's `arr.astype('<f4').tofile(path)`),
//       computes their statistics and the Fréchet distance, and prints timings.
//       --keep auto (default) keeps the rows when n < d, as FidTransformer does, enabling the exact n-space path.
return args.Length > 0 && args[0] == "fid" ? Fid(args[1..]) : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: GanMl.Bench fid --x1 <a.f32> --x2 <b.f32> --dim <d> [--keep auto|on|off] [--json]");
    return 2;
}

static int Fid(string[] args)
{
    string? x1 = null, x2 = null, keep = "auto";
    int dim = 0;
    bool json = false;
    for (int i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--x1": x1 = args[++i]; break;
            case "--x2": x2 = args[++i]; break;
            case "--dim": dim = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--keep": keep = args[++i]; break;
            case "--json": json = true; break;
            default: return Usage();
        }
    }
    if (x1 == null || x2 == null || dim < 1) return Usage();
    string loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var total = Stopwatch.StartNew();

    var sw = Stopwatch.StartNew();
    var a = Read(x1, dim);
    var b = Read(x2, dim);
    double readSeconds = sw.Elapsed.TotalSeconds;

    sw.Restart();
    var sa = Stats(a, dim, keep);
    var sb = Stats(b, dim, keep);
    double statsSeconds = sw.Elapsed.TotalSeconds;

    sw.Restart();
    var r = FrechetDistance.ComputeDetailed(sa, sb);
    double fidSeconds = sw.Elapsed.TotalSeconds;
    double totalSeconds = total.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    string loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    if (json)
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            fid = r.Distance,
            method = r.Method.ToString(),
            n1 = sa.Count, n2 = sb.Count, d = dim,
            read_seconds = readSeconds,
            stats_seconds = statsSeconds,
            frechet_seconds = fidSeconds,
            compute_seconds = statsSeconds + fidSeconds,
            total_seconds = totalSeconds,
            process_cpu_seconds = cpu,
            loadavg_before = loadBefore,
            loadavg_after = loadAfter,
            processors = Environment.ProcessorCount,
        }));
    }
    else
    {
        Console.WriteLine($"FID {r.Distance:R} ({r.Method}), n1={sa.Count}, n2={sb.Count}, d={dim}");
        Console.WriteLine($"read {readSeconds:F2} s, statistics {statsSeconds:F2} s, Fréchet {fidSeconds:F2} s, compute {statsSeconds + fidSeconds:F2} s (process CPU {cpu:F1} s)");
        Console.WriteLine($"load average before: {loadBefore}; after: {loadAfter}; {Environment.ProcessorCount} processors");
    }
    return 0;
}

static float[] Read(string path, int dim)
{
    var bytes = File.ReadAllBytes(path);
    if (bytes.Length % (4 * dim) != 0)
        throw new InvalidDataException($"'{path}' has {bytes.Length} bytes, not a whole number of float32 rows of {dim}.");
    var x = new float[bytes.Length / 4];
    Buffer.BlockCopy(bytes, 0, x, 0, bytes.Length);
    if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
    return x;
}

static FeatureStatistics Stats(float[] x, int dim, string keep)
{
    int n = x.Length / dim;
    bool k = keep switch { "on" => true, "off" => false, _ => n < dim };
    return FeatureStatistics.FromFeatures(x, dim, k);
}
