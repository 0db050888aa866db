using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GanMl.Metrics;

// GanMl benchmarks. Commands (each with --help):
//   fid --x1 <file> --x2 <file> --dim <d> [--keep auto|on|off] [--json]
//       Reads two row-major little-endian float32 feature files (numpy's `arr.astype('<f4').tofile(path)`),
//       computes their statistics and the Fréchet distance, and prints timings.
//       --keep auto (default) keeps the rows when n < d, as FidTransformer does, enabling the exact n-space path.
//   kernels [--rounds 9]
//       Times DenseKernels.Dot/Axpy against System.Numerics.Tensors' TensorPrimitives.Dot/MultiplyAdd, interleaved, and
//       prints each median and the ratio (ours / TensorPrimitives).
//   kernels --check [--batches 1 2 3 8 17] [--threads 1 2] [--repeats 1]
//       Checks libtorch's convolution kernels and im2col + GEMM on every default DCGAN layer shape against the managed
//       reference and prints each failure (docs/cpu.md).
//   generate [--seconds 3] [--keep-onnx <folder>] [--batches 256 1]
//       Synthetic rows per second at 28x28 (MLP and DCGAN, unconditional and conditional): through GanTransformer.Generate
//       and through the exported ONNX model in ONNX Runtime at batch 256 and batch 1.
var root = new RootCommand("GanMl benchmarks.") { FidCommand(), KernelsCommand(), GenerateCommand() };
if (args.Length == 0) args = ["--help"];
var parsed = root.Parse(args);
if (parsed.Action is ParseErrorAction onError) onError.ShowHelp = false;
int exit = parsed.Invoke();
if (parsed.Errors.Count > 0) Console.Error.WriteLine("Run '<command> --help' for the options and their defaults.");
return exit;

static Command FidCommand()
{
    var x1 = new Option<string>("--x1") { Description = "First feature file: row-major little-endian float32, --dim values per row.", Required = true };
    var x2 = new Option<string>("--x2") { Description = "Second feature file, same layout.", Required = true };
    var dim = new Option<int>("--dim") { Description = "Feature dimension d.", Required = true };
    dim.Validators.Add(r =>
    {
        if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int d) && d < 1)
            r.AddError($"Option '--dim' is {d}: must be at least 1.");
    });
    var keep = new Option<string>("--keep")
    {
        Description = "Keep the rows for the exact n-space path: auto (when n < d, as FidTransformer does), on or off.",
        DefaultValueFactory = _ => "auto", HelpName = "auto|on|off",
    };
    keep.AcceptOnlyFromAmong("auto", "on", "off");
    var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text. [default: false]" };
    var command = new Command("fid", "Fréchet distance of two float32 feature files, with timings.") { x1, x2, dim, keep, json };
    command.SetAction(r => Fid(new FidSettings(r.GetValue(x1)!, r.GetValue(x2)!, r.GetValue(dim), r.GetValue(keep)!, r.GetValue(json))));
    return command;
}

static int Fid(FidSettings settings)
{
    var (x1, x2, dim, keep, json) = settings;
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

static Command GenerateCommand()
{
    var seconds = new Option<int>("--seconds") { Description = "Length of each timed run (three runs per figure; the median is reported).", DefaultValueFactory = _ => 3 };
    var keep = new Option<string?>("--keep-onnx") { Description = "Folder to keep the exported .onnx files in (default: deleted).", HelpName = "folder" };
    var batches = new Option<int[]>("--batches") { Description = "Batch sizes of the direct ONNX Runtime runs.", DefaultValueFactory = _ => [256, 1], AllowMultipleArgumentsPerToken = true };
    batches.Validators.Add(r => { if (r.GetValueOrDefault<int[]>() is { } b && b.Any(v => v < 1)) r.AddError("Option '--batches': every batch size must be at least 1."); });
    var command = new Command("generate", "Synthetic rows per second at 28x28: Generate vs ONNX Runtime at batch 256 and 1.") { seconds, keep, batches };
    command.SetAction(r => GanMl.Bench.GenerationThroughput.Run(Math.Max(1, r.GetValue(seconds)), r.GetValue(keep), r.GetValue(batches)!));
    return command;
}

static Command KernelsCommand()
{
    var rounds = new Option<int>("--rounds") { Description = "Interleaved timing rounds per kernel and length (the median is reported).", DefaultValueFactory = _ => 9 };
    var check = new Option<bool>("--check")
    {
        Description = "Instead of timing: check libtorch's convolution kernels and im2col + GEMM against the managed reference on every default DCGAN layer shape (exit code 1 when a kernel GanMl would use is wrong). [default: false]",
    };
    var batches = new Option<int[]>("--batches") { Description = "With --check: batch sizes.", DefaultValueFactory = _ => [1, 2, 3, 8, 17], AllowMultipleArgumentsPerToken = true };
    var threads = new Option<int[]>("--threads") { Description = "With --check: torch thread counts.", DefaultValueFactory = _ => [1, Environment.ProcessorCount], AllowMultipleArgumentsPerToken = true };
    var repeats = new Option<int>("--repeats") { Description = "With --check: runs of each check.", DefaultValueFactory = _ => 1 };
    var command = new Command("kernels", "DenseKernels.Dot/Axpy against TensorPrimitives, side by side; or, with --check, the convolution kernel check.") { rounds, check, batches, threads, repeats };
    command.SetAction(r => r.GetValue(check)
        ? ConvolutionKernelDiagnostic.Run(r.GetValue(batches)!, r.GetValue(threads)!.Distinct().ToArray(), Math.Max(1, r.GetValue(repeats)))
        : Kernels(Math.Max(1, r.GetValue(rounds))));
    return command;
}

static int Kernels(int rounds)
{
    var random = new Random(1);
    Console.WriteLine($"{"kernel",-6} {"length",7} {"DenseKernels ns",16} {"TensorPrimitives ns",20} {"ratio",6}");
    foreach (int length in new[] { 16, 100, 500, 2048 })
    {
        var x = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        int calls = Math.Max(1000, 20_000_000 / length);
        double sink = 0;
        var dot = TimePair(rounds, calls,
            () => sink += DenseKernels.Dot(x, y),
            () => sink += System.Numerics.Tensors.TensorPrimitives.Dot<double>(x, y));
        var axpy = TimePair(rounds, calls,
            () => DenseKernels.Axpy(1e-9, x, y),
            () => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(x, 1e-9, y, y));
        Console.WriteLine($"{"dot",-6} {length,7} {dot.Ours,16:F1} {dot.Theirs,20:F1} {dot.Ours / dot.Theirs,6:F2}");
        Console.WriteLine($"{"axpy",-6} {length,7} {axpy.Ours,16:F1} {axpy.Theirs,20:F1} {axpy.Ours / axpy.Theirs,6:F2}");
        GC.KeepAlive(sink);
    }
    Console.WriteLine($"Vector<double>.Count = {System.Numerics.Vector<double>.Count}; Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    return 0;
}

// Alternates the two kernels round by round, so that load on a shared machine hits both alike; medians in ns per call.
static (double Ours, double Theirs) TimePair(int rounds, int calls, Action ours, Action theirs)
{
    for (int i = 0; i < calls / 10; i++) { ours(); theirs(); }
    var a = new double[rounds];
    var b = new double[rounds];
    for (int r = 0; r < rounds; r++)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) ours();
        a[r] = sw.Elapsed.TotalNanoseconds / calls;
        sw.Restart();
        for (int i = 0; i < calls; i++) theirs();
        b[r] = sw.Elapsed.TotalNanoseconds / calls;
    }
    Array.Sort(a);
    Array.Sort(b);
    return (a[rounds / 2], b[rounds / 2]);
}

/// <summary>The fid command's options, bound in FidCommand.</summary>
internal sealed record FidSettings(string X1, string X2, int Dim, string Keep, bool Json);
