using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanEstimatorTests
{
    private static GanOptions SmallOptions(string? label = "Label") => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = label, Architecture = GanArchitecture.Mlp, MlpPreset = MlpPreset.Minimal,
        LatentDimension = 8, Epochs = 2, BatchSize = 16, Seed = 4,
    };

    [Fact]
    public void GeneratedRowsHaveTheTrainingSchemaAndValueRange()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(60));
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(data);

        var synthetic = gan.Generate(rowCount: 50, seed: 7);
        Assert.Equal(50, synthetic.GetRowCount());
        Assert.Equal(data.Schema["Pixels"].Type, synthetic.Schema["Pixels"].Type);
        Assert.Equal(data.Schema["Label"].Type, synthetic.Schema["Label"].Type);
        var rows = ml.Data.CreateEnumerable<TestData.Row>(synthetic, reuseRowObject: false).ToList();
        float min = TestData.Rows(60).SelectMany(r => r.Pixels).Min(), max = TestData.Rows(60).SelectMany(r => r.Pixels).Max();
        Assert.Equal(new ValueRange(min, max), gan.FeatureRange);
        Assert.All(rows, r => Assert.All(r.Pixels, v => Assert.InRange(v, min, max)));
        Assert.All(rows, r => Assert.Contains(r.Label, TestData.Classes));
        Assert.True(rows.Select(r => r.Label).Distinct().Count() > 1, "labels should follow the training distribution, not one class");
        Assert.Equal(2, gan.History.Count);
        Assert.All(gan.History, h => Assert.True(double.IsFinite(h.DiscriminatorLoss) && double.IsFinite(h.GeneratorLoss)));
    }

    [Fact]
    public void ConditionalGenerateReturnsOnlyTheAskedLabel()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, TestData.Rows(30)));
        var sneakers = ml.Data.CreateEnumerable<TestData.Row>(gan.Generate(rowCount: 20, label: "Sneaker", seed: 7), false).ToList();
        Assert.Equal(20, sneakers.Count);
        Assert.All(sneakers, r => Assert.Equal("Sneaker", r.Label));
        var error = Assert.Throws<ArgumentException>(() => gan.Generate(5, label: "Sandal", seed: 1));
        Assert.Contains("Sandal", error.Message);
        Assert.Contains("'Sneaker'", error.Message);
    }

    [Fact]
    public void CandidateSelectionKeepsTheRowsTheDiscriminatorScoresMostReal()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, TestData.Rows(60)));
        // With 4 candidates per row the candidates are exactly the rows of a plain 20-per-class draw with the same seed.
        var all = gan.GeneratePerClass([20, 20, 20], seed: 9);
        var scored = gan.Transform(all);
        var pixels = scored.GetColumn<float[]>("Pixels").ToArray();
        var scores = scored.GetColumn<float>(GanTransformer.ScoreColumnName).ToArray();
        var expected = Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(c * 20, 20).OrderByDescending(i => scores[i]).Take(5).Order()).Select(i => pixels[i]).ToArray();

        var selected = gan.GeneratePerClass([5, 5, 5], seed: 9, candidatesPerRow: 4).GetColumn<float[]>("Pixels").ToArray();
        Assert.Equal(expected.Length, selected.Length);
        for (int i = 0; i < selected.Length; i++) Assert.Equal(expected[i], selected[i]);
        Assert.True(scores.Average() < gan.Transform(gan.GeneratePerClass([5, 5, 5], seed: 9, candidatesPerRow: 4)).GetColumn<float>(GanTransformer.ScoreColumnName).Average());
        Assert.Throws<ArgumentOutOfRangeException>(() => gan.GeneratePerClass([1, 1, 1], seed: 9, candidatesPerRow: 0.5));
    }

    [Fact]
    public void KeyLabelsKeepTheirKeyTypeAndValues()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(TestData.Load(ml, TestData.Rows(30))).Transform(TestData.Load(ml, TestData.Rows(30)));
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(data);
        var synthetic = gan.Generate(12, label: "Coat", seed: 3);
        Assert.Equal(data.Schema["Label"].Type, synthetic.Schema["Label"].Type);
        VBuffer<ReadOnlyMemory<char>> expected = default, actual = default;
        data.Schema["Label"].GetKeyValues(ref expected);
        synthetic.Schema["Label"].GetKeyValues(ref actual);
        Assert.Equal(expected.DenseValues().Select(v => v.ToString()), actual.DenseValues().Select(v => v.ToString()));
        var keys = synthetic.GetColumn<uint>("Label").Distinct().ToArray();
        Assert.Equal(new[] { (uint)(Array.IndexOf(expected.DenseValues().Select(v => v.ToString()).ToArray(), "Coat") + 1) }, keys);
    }

    [Fact]
    public void SaveAndLoadGiveIdenticalRowsForTheSameSeed()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, TestData.Rows(30)));
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            using var again = GanTransformer.Load(ml, path);
            Assert.Equal(Pixels(ml, gan.Generate(10, seed: 5)), Pixels(ml, again.Generate(10, seed: 5)));
            Assert.Equal(gan.History, again.History);
            Assert.Equal(gan.ClassLabels, again.ClassLabels);
            Assert.NotEqual(Pixels(ml, gan.Generate(10, seed: 5)), Pixels(ml, gan.Generate(10, seed: 6)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadRejectsNonZipAndMissingFilesWithoutTouchingThem()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            File.WriteAllText(path, "not a zip");
            Assert.Throws<InvalidDataException>(() => GanTransformer.Load(ml, path));
            Assert.Equal("not a zip", File.ReadAllText(path));
            Assert.Throws<FileNotFoundException>(() => GanTransformer.Load(ml, path + ".missing"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void VersionOneFilesWithTheirTrainingEpochsLoadAndGenerateTheSameRows()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, TestData.Rows(30)));
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            var v1 = GanMl.Tests.Faults.FaultFiles.EditManifest(File.ReadAllBytes(path), m =>
            {
                Assert.Equal(2, (int)m["FormatVersion"]!);
                m["FormatVersion"] = 1;
                m["Training"]!["Epochs"] = 2; // version 1 stored the epoch count with the optimiser settings
            });
            File.WriteAllBytes(path, v1);
            using var loaded = GanTransformer.Load(ml, path);
            Assert.Equal(gan.Generate(10, seed: 5).GetColumn<float[]>("Pixels").ToArray(), loaded.Generate(10, seed: 5).GetColumn<float[]>("Pixels").ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ManifestWithMissingFieldsIsRejectedNamingTheFile()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            {
                using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open())) writer.Write("{\"FormatVersion\": 1}");
                zip.CreateEntry("checkpoint.bin");
            }
            var error = Assert.Throws<InvalidDataException>(() => GanTransformer.Load(ml, path));
            Assert.Contains(path, error.Message);
            Assert.Contains("missing", error.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void NumericKeyLabelsKeepTheirKeyValuesAndAcceptKeyNumbers()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(30).Select((r, i) => new GanLabelTypeTests.NumberRow { Pixels = r.Pixels, Label = (i % 3) * 2.5f }).ToList();
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(data);
        Assert.Equal(new[] { "0", "2.5", "5" }, gan.ClassLabels);
        var byValue = gan.Generate(6, label: 2.5f, seed: 1);
        Assert.All(byValue.GetColumn<uint>("Label"), k => Assert.Equal(2u, k));
        Assert.All(gan.Generate(6, label: 3u, seed: 1).GetColumn<uint>("Label"), k => Assert.Equal(3u, k));
        VBuffer<float> keyValues = default;
        byValue.Schema["Label"].GetKeyValues(ref keyValues);
        Assert.Equal(new[] { 0f, 2.5f, 5f }, keyValues.DenseValues());
        var back = ml.Transforms.Conversion.MapKeyToValue("Value", "Label").Fit(byValue).Transform(byValue);
        Assert.All(back.GetColumn<float>("Value"), v => Assert.Equal(2.5f, v));
    }

    [Fact]
    public void InterruptedSaveLeavesThePreviousFileIntact()
    {
        var ml = new MLContext(seed: 1);
        var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, TestData.Rows(30)));
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            var before = File.ReadAllBytes(path);
            gan.Dispose(); // the networks are gone, so writing the checkpoint fails half-way
            Assert.Throws<ObjectDisposedException>(() => gan.Save(path));
            Assert.Throws<ObjectDisposedException>(() => gan.Generate(3));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
            using var again = GanTransformer.Load(ml, path);
            Assert.Equal(10, again.Generate(10).GetRowCount());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SameSeedGivesSameModel()
    {
        float[] Train()
        {
            var ml = new MLContext(seed: 1);
            using var gan = ml.Transforms.TrainGan(SmallOptions(null)).Fit(TestData.Load(ml, TestData.Rows(40)));
            return Pixels(ml, gan.Generate(8, seed: 2));
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void TransformAddsADiscriminatorScoreAndKeepsRows()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(30));
        using var gan = ml.Transforms.TrainGan(SmallOptions()).Fit(data);
        var scored = gan.Transform(data);
        var scores = scored.GetColumn<float>(GanTransformer.ScoreColumnName).ToArray();
        Assert.Equal(30, scores.Length);
        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));
        Assert.Equal(data.GetColumn<string>("Label"), scored.GetColumn<string>("Label"));
    }

    [Fact]
    public void ModelSaveFailsWithAPointerToGanTransformerSave()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(20));
        using var gan = ml.Transforms.TrainGan(SmallOptions(null)).Fit(data);
        var error = Assert.ThrowsAny<Exception>(() => ml.Model.Save(gan, data.Schema, new MemoryStream()));
        Assert.Contains("GanTransformer.Save", error.GetBaseException().Message + error.Message);
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(20));
        Assert.Contains("'Missing'", Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { FeatureColumnName = "Missing" }).Fit(data)).Message);
        Assert.Contains("Vector<Single>", Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { FeatureColumnName = "Label" }).Fit(data)).Message);
        Assert.Contains("'Nope'", Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { LabelColumnName = "Nope" }).Fit(data)).Message);
        Assert.Contains("ImageShape 1x28x28", Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { ImageShape = new ImageShape(1, 28, 28) }).Fit(data)).Message);
        Assert.Contains("no rows", Assert.Throws<InvalidOperationException>(() => ml.Transforms.TrainGan(SmallOptions()).Fit(TestData.Load(ml, []))).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { BatchSize = 0 })).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => ml.Transforms.TrainGan(SmallOptions() with { BatchSize = 1 })).Message);
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var gan = ml.Transforms.TrainGan(SmallOptions(null)).Fit(data);
            gan.Generate(3, label: "Coat");
        });
    }

    private static float[] Pixels(MLContext ml, IDataView view) =>
        view.GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();
}

public class GanDeviceTests
{
    [Fact]
    public void GpuDeviceIdIsHonouredWithAndWithoutCpuFallback()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var data = TestData.Load(ml, TestData.Rows(20));
        var options = new GanOptions { FeatureColumnName = "Pixels", MlpPreset = MlpPreset.Minimal, Epochs = 1, BatchSize = 10, Seed = 1 };
        if (!TorchSharp.torch.cuda.is_available())
            Assert.Contains("FallbackToCpu", Assert.Throws<InvalidOperationException>(() => ml.Transforms.TrainGan(options).Fit(data)).Message);
        ml.FallbackToCpu = true;
        using var gan = ml.Transforms.TrainGan(options).Fit(data);
        Assert.Equal(10, gan.Generate(10, seed: 1).GetRowCount());
    }
}

public class GanFidMonitorTests
{
    [Fact]
    public void FidIsRecordedEveryNEpochsAndTheBestGeneratorIsKept()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(60));
        var monitor = new GanFidMonitor { Fid = new FidOptions { FeatureColumnName = "Pixels" }, EveryEpochs = 2, SampleCount = 60, Seed = 5 };
        using var gan = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8,
            Epochs = 5, BatchSize = 16, Seed = 4, FidMonitor = monitor,
        }).Fit(data);

        Assert.Equal(new[] { false, true, false, true, true }, gan.History.Select(h => h.Fid.HasValue));
        var scores = gan.History.Where(h => h.Fid.HasValue).Select(h => h.Fid!.Value).ToArray();
        Assert.All(scores, f => Assert.True(double.IsFinite(f) && f >= 0));
        var reference = ml.Transforms.Fid("Pixels").Fit(data);
        double now = reference.Evaluate(gan.Generate(60, seed: 5)).Fid;
        Assert.Equal(scores.Min(), now, 6);
    }
}

public class GanLabelTypeTests
{
    [Fact]
    public void EmptyTextLabelsAreMissingAndTooManyClassesAreRejected()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(30);
        rows[0].Label = "";
        rows[1].Label = "  ";
        using (var gan = ml.Transforms.TrainGan(Options()).Fit(TestData.Load(ml, rows)))
            Assert.Equal(TestData.Classes, gan.ClassLabels);
        var ids = TestData.Rows(1100).Select((r, i) => new TestData.Row { Pixels = r.Pixels, Label = $"id{i}" }).ToList();
        var error = Assert.Throws<InvalidOperationException>(() => ml.Transforms.TrainGan(Options()).Fit(TestData.Load(ml, ids)));
        Assert.Contains("'Label' has 1100 distinct", error.Message);
    }

    private sealed class BoolRow
    {
        [VectorType(64)] public float[] Pixels { get; set; } = [];
        public bool Label { get; set; }
    }

    internal sealed class NumberRow
    {
        [VectorType(64)] public float[] Pixels { get; set; } = [];
        public float Label { get; set; }
    }

    private static GanOptions Options() => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 1, BatchSize = 16, Seed = 2,
    };

    [Fact]
    public void BooleanLabelsRoundTrip()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(40).Select((r, i) => new BoolRow { Pixels = r.Pixels, Label = i % 4 == 0 }).ToList();
        using var gan = ml.Transforms.TrainGan(Options()).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(new[] { "False", "True" }, gan.ClassLabels);
        Assert.Equal(new long[] { 30, 10 }, gan.ClassCounts);
        var generated = ml.Data.CreateEnumerable<BoolRow>(gan.Generate(12, label: true, seed: 1), false).ToList();
        Assert.All(generated, r => Assert.True(r.Label));
        Assert.Equal(BooleanDataViewType.Instance, gan.Generate(3, seed: 1).Schema["Label"].Type);
    }

    [Fact]
    public void NumericLabelsRoundTripAndUnknownNumbersAreRejected()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(30).Select((r, i) => new NumberRow { Pixels = r.Pixels, Label = (i % 3) * 2.5f }).ToList();
        using var gan = ml.Transforms.TrainGan(Options()).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(new[] { "0", "2.5", "5" }, gan.ClassLabels);
        var generated = gan.Generate(9, label: 2.5f, seed: 1);
        Assert.Equal(NumberDataViewType.Single, generated.Schema["Label"].Type);
        Assert.All(generated.GetColumn<float>("Label"), l => Assert.Equal(2.5f, l));
        Assert.All(gan.Generate(9, label: 5, seed: 1).GetColumn<float>("Label"), l => Assert.Equal(5f, l));
        Assert.Contains("'2.5'", Assert.Throws<ArgumentException>(() => gan.Generate(3, label: 1.0, seed: 1)).Message);
    }

    [Fact]
    public void WithoutAnExplicitSeedTheMLContextSeedDecides()
    {
        float[] Run(int contextSeed)
        {
            var ml = new MLContext(seed: contextSeed);
            using var gan = ml.Transforms.TrainGan(Options() with { Seed = null, LabelColumnName = null }).Fit(TestData.Load(ml, TestData.Rows(32)));
            return gan.Generate(4, seed: 3).GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }
}
