using System.Diagnostics;
using GanMl.Torch;

namespace GanMl.Examples;

/// <summary>
/// Times GAN training steps on random data (no I/O) for the architectures PyTorch is compared with in
/// bench/gan_vs_pytorch.py, and reports rows/s and resident memory.
/// </summary>
internal static class BenchCommand
{
    public static int Run(CommandLine args)
    {
        string arch = args.String("arch", "all");
        int batch = args.Int("batch-size", 128), steps = args.Int("steps", 60), warmup = args.Int("warmup", 5);
        int threads = args.Int("threads", Environment.ProcessorCount);
        int baseChannels = args.Int("base-channels", 64);
        int soak = args.Int("soak", 0);
        // false: torch at --threads, as PyTorch runs in bench/gan_vs_pytorch.py; true: GanMl's default Deterministic mode
        // (one torch thread); both: each case twice, alternating, to measure what determinism costs.
        string deterministic = args.String("deterministic", "false");
        args.RejectUnknown();
        if (deterministic is not ("true" or "false" or "both")) throw new ArgumentException($"--deterministic must be true, false or both, got '{deterministic}'.");
        bool[] modes = deterministic == "both" ? [false, true, false, true] : [deterministic == "true"];
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(threads);
        var cases = new List<(string Name, GanNetworkSpec Spec)>
        {
            ("mlp-deep", new GanNetworkSpec { FeatureSize = 784, MlpPreset = MlpPreset.Deep }),
            ("mlp-classic", new GanNetworkSpec { FeatureSize = 784, MlpPreset = MlpPreset.Classic }),
            ("dcgan-28", new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 784, ImageShape = new ImageShape(1, 28, 28), DcganBaseChannels = baseChannels }),
        };
        foreach (var (name, spec) in cases.Where(c => arch == "all" || c.Name == arch))
        foreach (bool mode in modes)
        {
            using var trainer = new GanTrainer(spec, new GanTrainingOptions { BatchSize = batch, Seed = 1, Deterministic = mode });
            var random = new Random(1);
            var batchData = new GanBatch(Enumerable.Range(0, batch * spec.FeatureSize).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), null, batch);
            for (int i = 0; i < warmup; i++) trainer.TrainBatch(batchData);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) trainer.TrainBatch(batchData);
            double seconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            GC.Collect();
            if (soak > 0) Soak(name, trainer, batchData, soak);
            Console.WriteLine($"{{\"impl\":\"ganml\",\"case\":\"{name}\",\"batch\":{batch},\"steps\":{steps},\"threads\":{threads},\"deterministic\":{(mode ? "true" : "false")},\"rows_per_s\":{steps * batch / seconds:F1},\"cpu_util\":{cpuSeconds / seconds:F2},\"rss_mib\":{Environment.WorkingSet / 1048576.0:F0}}}");
        }
        return 0;
    }

    /// <summary>Runs many more steps and prints the resident set size at tenths of the run: it should level off, not grow.</summary>
    private static void Soak(string name, GanTrainer trainer, GanBatch batch, int steps)
    {
        var samples = new List<string>();
        for (int i = 1; i <= steps; i++)
        {
            trainer.TrainBatch(batch);
            if (i % Math.Max(1, steps / 10) == 0) samples.Add($"[{i},{Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0}]");
        }
        Console.WriteLine($"{{\"impl\":\"ganml\",\"case\":\"{name}\",\"soak_steps\":{steps},\"rss_mib_by_step\":[{string.Join(",", samples)}]}}");
    }
}
