using System.Text.Json;
using GanMl.Examples;
using Xunit;

namespace GanMl.Tests.Examples;

/// <summary>The README's example commands, shrunk to seconds, so that they cannot rot.</summary>
public class ExampleCommandTests
{
    [Fact]
    public void TrainWritesGridsPlotsModelAndRunJson()
    {
        string output = Path.Combine(Path.GetTempPath(), $"ganml-train-{Guid.NewGuid():N}");
        try
        {
            int exit = TrainCommand.Run(new CommandLine(["--epochs", "2", "--per-class", "10", "--fid-every", "1", "--samples", "2", "--base-channels", "8", "--out", output]));
            Assert.Equal(0, exit);
            foreach (var file in new[] { "samples_epoch_001.png", "samples_epoch_002.png", "loss.png", "fid.png", "gan.zip", "run.json" })
                Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written");
            using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
            var history = run.RootElement.GetProperty("history");
            Assert.Equal(2, history.GetArrayLength());
            Assert.All(history.EnumerateArray(), h => Assert.True(h.GetProperty("Fid").GetDouble() > 0));
            Assert.Equal(100, run.RootElement.GetProperty("data").GetProperty("rows").GetInt64());
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void AugmentReportsBothAccuracies()
    {
        string output = Path.Combine(Path.GetTempPath(), $"ganml-augment-{Guid.NewGuid():N}");
        try
        {
            int exit = AugmentCommand.Run(new CommandLine(["--per-class", "10", "--seeds", "1", "--epochs", "1", "--base-channels", "8", "--out", output]));
            Assert.Equal(0, exit);
            using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "augment.json")));
            Assert.InRange(result.RootElement.GetProperty("meanAccuracyWithout").GetDouble(), 0.3, 1.0);
            Assert.InRange(result.RootElement.GetProperty("meanAccuracyWith").GetDouble(), 0.0, 1.0);
            Assert.True(File.Exists(Path.Combine(output, "samples_seed1.png")));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void MergeCombinesSavedShardsIntoTheStatisticsOfAllRows()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"ganml-merge-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var random = new Random(4);
            var rows = Enumerable.Range(0, 70).Select(_ => Enumerable.Range(0, 6).Select(j => (float)(j + random.NextDouble())).ToArray()).ToArray();
            string a = Path.Combine(folder, "a.npz"), b = Path.Combine(folder, "b.npz"), merged = Path.Combine(folder, "all.npz");
            GanMl.Metrics.FeatureStatistics.FromFeatures(rows[..25]).SaveNpz(a);
            GanMl.Metrics.FeatureStatistics.FromFeatures(rows[25..]).SaveNpz(b);
            Assert.Equal(0, MergeCommand.Run(new CommandLine(["--inputs", $"{a},{b}", "--out", merged])));
            var result = GanMl.Metrics.FeatureStatistics.LoadNpz(merged);
            var whole = GanMl.Metrics.FeatureStatistics.FromFeatures(rows);
            Assert.Equal(70, result.Count);
            Assert.Equal(0, GanMl.Metrics.FrechetDistance.Compute(whole, result), 9);
            Assert.Contains("--out", Assert.Throws<ArgumentException>(() => MergeCommand.Run(new CommandLine(["--inputs", a]))).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void UnknownOptionsAndBadValuesNameTheOption()
    {
        Assert.Contains("--epoch", Assert.Throws<ArgumentException>(() => TrainCommand.Run(new CommandLine(["--epoch", "3"]))).Message);
        Assert.Contains("--lr", Assert.Throws<ArgumentException>(() => TrainCommand.Run(new CommandLine(["--lr", "fast"]))).Message);
    }
}
