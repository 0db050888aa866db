using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using GanMl.Torch;

namespace GanMl.Examples;

/// <summary>The bench command's options, bound in <see cref="BenchCommand.Create"/>.</summary>
internal sealed record BenchSettings(string Architecture, int BatchSize, int Steps, int Warmup, int Threads, int BaseChannels, int Soak, bool Deterministic, string Convolutions);

/// <summary>One timed case, one JSON line (read by bench/gan_vs_pytorch.py).</summary>
internal sealed record BenchResult(
    [property: JsonPropertyName("impl")] string Implementation,
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("deterministic")] bool Deterministic,
    [property: JsonPropertyName("convolutions")] string Convolutions,
    [property: JsonPropertyName("rows_per_s")] double RowsPerSecond,
    [property: JsonPropertyName("cpu_util")] double CpuUtilisation,
    [property: JsonPropertyName("rss_mib")] double ResidentMiB);

/// <summary>The resident set size over a soak run: [step, MiB] pairs.</summary>
internal sealed record SoakResult(
    [property: JsonPropertyName("impl")] string Implementation,
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("soak_steps")] int Steps,
    [property: JsonPropertyName("rss_mib_by_step")] IReadOnlyList<double[]> ResidentMiBByStep);

/// <summary>
/// Times GAN training steps on random data (no I/O) for the architectures PyTorch is compared with in
/// bench/gan_vs_pytorch.py, and reports rows/s and resident memory.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] Cases = ["mlp-deep", "mlp-classic", "dcgan-28"];

    public static Command Create()
    {
        var arch = Cli.Choice("--arch", "The case to time, or all.", "all", ["all", .. Cases]);
        var batchSize = Cli.Option("--batch-size", "Rows per training step.", 128).Where(v => v >= 1, "must be at least 1.");
        var steps = Cli.Option("--steps", "Timed training steps per case.", 60).Where(v => v >= 1, "must be at least 1.");
        var warmup = Cli.Option("--warmup", "Untimed steps before timing (.NET compiles hot code fully after about 30 calls).", 30).Where(v => v >= 0, "must be at least 0.");
        var threads = Cli.Option("--threads", "Torch threads (the default is this machine's processor count).", Environment.ProcessorCount).Where(v => v >= 1, "must be at least 1.");
        var baseChannels = Cli.Option("--base-channels", "DCGAN base channels.", 64);
        var soak = Cli.Option("--soak", "After timing, run N more steps and print the resident set size at tenths of them (0: off).", 0);
        var deterministic = Cli.Option("--deterministic",
            "GanOptions.Deterministic: true (the default) turns on libtorch's deterministic oneDNN kernels, process-wide once set.", true);
        var convolutions = Cli.Choice("--convolutions",
            "checked: GanMl's default, each layer shape on a path that passed the kernel check; libtorch: every layer on libtorch's own kernels, unchecked (wrong on some CPUs; for timing only); im2col: every layer on im2col + GEMM.",
            "checked", "checked", "libtorch", "im2col");
        var command = new Command("bench", "Time GAN training steps on random data (see bench/gan_vs_pytorch.py); one JSON line per case.")
        {
            arch, batchSize, steps, warmup, threads, baseChannels, soak, deterministic, convolutions,
        };
        command.SetAction(r => Run(new BenchSettings(r.GetValue(arch)!, r.GetValue(batchSize), r.GetValue(steps), r.GetValue(warmup), r.GetValue(threads),
            r.GetValue(baseChannels), r.GetValue(soak), r.GetValue(deterministic), r.GetValue(convolutions)!)));
        return command;
    }

    public static int Run(BenchSettings settings)
    {
        int batch = settings.BatchSize, steps = settings.Steps, threads = settings.Threads;
        TorchRuntime.EnsureLoaded();
        ConvolutionKernels.ForcedPath = settings.Convolutions switch
        {
            "libtorch" => ConvolutionPath.LibTorch,
            "im2col" => ConvolutionPath.Im2ColGemm,
            _ => null,
        };
        TorchSharp.torch.set_num_threads(threads);
        var cases = new List<(string Name, GanNetworkSpec Spec)>
        {
            ("mlp-deep", new GanNetworkSpec { FeatureSize = 784, MlpPreset = MlpPreset.Deep }),
            ("mlp-classic", new GanNetworkSpec { FeatureSize = 784, MlpPreset = MlpPreset.Classic }),
            ("dcgan-28", new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 784, ImageShape = new ImageShape(1, 28, 28), DcganBaseChannels = settings.BaseChannels }),
        };
        foreach (var (name, spec) in cases.Where(c => settings.Architecture == "all" || c.Name == settings.Architecture))
        {
            var checkedBefore = ConvolutionKernels.CheckTime;
            using var trainer = new GanTrainer(spec, new GanTrainingOptions { BatchSize = batch, Seed = 1, Deterministic = settings.Deterministic });
            if (trainer.ConvolutionDecisions.Count > 0)
                Console.Error.WriteLine($"{name}: convolution kernels checked in {(ConvolutionKernels.CheckTime - checkedBefore).TotalMilliseconds:F0} ms (once per process and shape).");
            var random = new Random(1);
            var batchData = new GanBatch(Enumerable.Range(0, batch * spec.FeatureSize).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), null, batch);
            for (int i = 0; i < settings.Warmup; i++) trainer.TrainBatch(batchData);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) trainer.TrainBatch(batchData);
            double seconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            GC.Collect();
            if (settings.Soak > 0) Soak(name, trainer, batchData, settings.Soak);
            Console.WriteLine(JsonSerializer.Serialize(new BenchResult("ganml", name, batch, steps, threads, settings.Deterministic, settings.Convolutions,
                Math.Round(steps * batch / seconds, 1), Math.Round(cpuSeconds / seconds, 2), Math.Round(Environment.WorkingSet / 1048576.0))));
        }
        return 0;
    }

    /// <summary>Runs many more steps and prints the resident set size at tenths of the run: it should level off, not grow.</summary>
    private static void Soak(string name, GanTrainer trainer, GanBatch batch, int steps)
    {
        var samples = new List<double[]>();
        for (int i = 1; i <= steps; i++)
        {
            trainer.TrainBatch(batch);
            if (i % Math.Max(1, steps / 10) == 0) samples.Add([i, Math.Round(Process.GetCurrentProcess().WorkingSet64 / 1048576.0)]);
        }
        Console.WriteLine(JsonSerializer.Serialize(new SoakResult("ganml", name, steps, samples)));
    }
}
