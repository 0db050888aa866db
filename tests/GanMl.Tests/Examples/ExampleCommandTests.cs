using System.Text.Json;
using GanMl.Examples;
using Microsoft.ML;
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
            int exit = Cli.Run(["train", "--epochs", "2", "--per-class", "10", "--fid-every", "1", "--samples", "2", "--base-channels", "8", "--out", output]);
            Assert.Equal(0, exit);
            foreach (var file in new[] { "samples_epoch_001.png", "samples_epoch_002.png", "loss.png", "fid.png", "gan.zip", "run.json" })
                Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written");
            // 10 class columns of 28 px images enlarged at least 3×, under a header band.
            var png = File.ReadAllBytes(Path.Combine(output, "samples_epoch_002.png"));
            int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.True(width >= 10 * 28 * 3 && height >= 8 * 28 * 3, $"grid of {width}×{height} px");
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
            int exit = Cli.Run(["augment", "--per-class", "10", "--seeds", "1", "--epochs", "1", "--base-channels", "8", "--out", output]);
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
            Assert.Equal(0, Cli.Run(["merge", "--inputs", $"{a},{b}", "--out", merged]));
            var result = GanMl.Metrics.FeatureStatistics.LoadNpz(merged);
            var whole = GanMl.Metrics.FeatureStatistics.FromFeatures(rows);
            Assert.Equal(70, result.Count);
            Assert.Equal(0, GanMl.Metrics.FrechetDistance.Compute(whole, result), 9);
            var (exit, _, error) = Invoke(["merge", "--inputs", a]);
            Assert.NotEqual(0, exit);
            Assert.Contains("--out", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ExportOnnxWritesAGeneratorThatOnnxGeneratorLoads()
    {
        string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ganml-export-cmd-{Guid.NewGuid():N}")).FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            string model = Path.Combine(folder, "gan.zip");
            using (var gan = ml.Transforms.TrainGan(new GanOptions
            {
                FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 1, BatchSize = 16, Seed = 3,
            }).Fit(MLNet.TestData.Load(ml, MLNet.TestData.Rows(48))))
                gan.Save(model);
            var (exit, _, error) = Invoke(["export-onnx", "--model", model]);
            Assert.True(exit == 0, error);
            using var generator = OnnxGenerator.Load(ml, Path.Combine(folder, "generator.onnx"));
            Assert.Equal(["Bag", "Coat", "Sneaker"], generator.ClassLabels);
            string named = Path.Combine(folder, "named.onnx");
            Assert.Equal(0, Invoke(["export-onnx", "--model", model, "--out", named]).Exit);
            Assert.True(File.Exists(named));
            (exit, _, error) = Invoke(["export-onnx", "--model", Path.Combine(folder, "missing.zip")]);
            Assert.Equal(Cli.UsageError, exit);
            Assert.Contains("missing.zip", error);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData("train", "--epoch", "3")]
    [InlineData("augment", "--per-clas", "10")]
    [InlineData("bench", "--step", "5")]
    [InlineData("merge", "--inputs", "a.npz", "--out", "b.npz", "--shards", "2")]
    [InlineData("export-onnx", "--model", "gan.zip", "--shards", "2")]
    public void UnknownOptionsFailWithTheirNameAndANonZeroExitCode(params string[] args)
    {
        var (exit, _, error) = Invoke(args);
        Assert.NotEqual(0, exit);
        Assert.Contains(args.First(a => a is "--epoch" or "--per-clas" or "--step" or "--shards"), error);
        Assert.Contains("--help", error);
    }

    [Theory]
    [InlineData("--lr", "fast")]
    [InlineData("--epochs", "many")]
    [InlineData("--epochs", "0")]
    [InlineData("--arch", "resnet")]
    [InlineData("--conditional", "maybe")]
    public void BadValuesFailWithTheOptionNameAndANonZeroExitCode(string option, string value)
    {
        var (exit, output, error) = Invoke(["train", option, value]);
        Assert.NotEqual(0, exit);
        Assert.Contains(value, error);
        // A bool option takes a value only if it parses as one ("--conditional" alone means true), so "maybe" is an unmatched argument.
        if (option != "--conditional") Assert.Contains(option, error);
    }

    [Fact]
    public void BadChoicesAreRejectedBeforeAnyWork()
    {
        var (exit, _, error) = Invoke(["augment", "--classifier", "forest"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("lightgbm", error);
        (exit, _, error) = Invoke(["bench", "--convolutions", "fast"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("im2col", error);
    }

    [Theory]
    [InlineData("train", "--epochs", "[default: 30]", "--lr", "[default: 0.0002]", "--conditional", "[default: true]", "--out", "[default: runs/train]")]
    [InlineData("augment", "--per-class", "[default: 100]", "--loss", "[default: Hinge]", "--imbalanced", "[default: false]", "--epochs", "budget")]
    [InlineData("bench", "--batch-size", "[default: 128]", "--steps", "[default: 60]", "--deterministic", "[default: true]", "--convolutions", "[default: checked]", "--arch", "[default: all]")]
    [InlineData("merge", "--inputs", "required", "--out", "required")]
    [InlineData("export-onnx", "--model", "[default: runs/train/gan.zip]", "--out", "generator.onnx next to the model")]
    public void HelpListsEveryOptionWithItsDefault(string command, params string[] optionsAndDefaults)
    {
        var (exit, output, _) = Invoke([command, "--help"]);
        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        for (int i = 0; i < optionsAndDefaults.Length; i += 2)
        {
            string option = optionsAndDefaults[i], expected = optionsAndDefaults[i + 1];
            var line = lines.FirstOrDefault(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{command} --help does not list {option}:\n{output}");
            Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData()]
    [InlineData("help")]
    [InlineData("--help")]
    public void TheCommandListIsShownWithoutACommand(params string[] args)
    {
        var (exit, output, _) = Invoke(args);
        Assert.Equal(0, exit);
        foreach (var command in new[] { "train", "augment", "bench", "merge", "export-onnx" }) Assert.Contains(command, output);
    }

    [Fact]
    public void SettingsTheParserCannotCheckGiveAUsageError()
    {
        var (exit, _, error) = Invoke(["train", "--img-size", "32"]);
        Assert.Equal(Cli.UsageError, exit);
        Assert.Contains("--images", error);
    }

    [Fact]
    public void EveryDocumentedCommandLineStillParses()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "GanMl.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("GanMl.sln not found above the test folder.");
        var documents = new[] { "README.md", "BENCHMARKS.md" }.Select(f => Path.Combine(root, f)).Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md"));
        const string marker = "GanMl.Examples -- ";
        var lines = documents.SelectMany(File.ReadLines).Where(l => l.Contains(marker)).Select(l => l[(l.IndexOf(marker) + marker.Length)..].Split('`')[0].Trim()).ToList();
        Assert.True(lines.Count >= 8, $"found only {lines.Count} documented command lines");
        foreach (var line in lines)
        {
            var result = Cli.Build().Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(result.Errors.Count == 0, $"'{line}': {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }
        var imbalanced = Cli.Build().Parse(["augment", "--per-class", "300", "--imbalanced", "--small-count", "20"]);
        Assert.True(imbalanced.GetValue<bool>("--imbalanced"));
        Assert.Equal(20, imbalanced.GetValue<int>("--small-count"));
    }

    private static (int Exit, string Output, string Error) Invoke(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
