using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanLabelTests
{
    private sealed class NumberRow
    {
        [VectorType(64)] public float[] Pixels { get; set; } = [];
        public float Label { get; set; }
    }

    private static GanOptions Options() => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 1, BatchSize = 16, Seed = 2,
    };

    private static GanTransformer Train(MLContext ml, params float[] classes)
    {
        var rows = TestData.Rows(30).Select((r, i) => new NumberRow { Pixels = r.Pixels, Label = classes[i % classes.Length] }).ToList();
        return ml.Transforms.TrainGan(Options()).Fit(ml.Data.LoadFromEnumerable(rows));
    }

    [Fact]
    public void APositionalIntegerAfterTheRowCountIsALabelNeverASeed()
    {
        var ml = new MLContext(seed: 1);
        using var gan = Train(ml, 0f, 1f, 2f);

        // Before GanLabel, C# bound the 3 of Generate(30, 2) to the seed and the rows had mixed labels.
        var labelled = gan.Generate(30, 2);
        Assert.All(labelled.GetColumn<float>("Label"), l => Assert.Equal(2f, l));
        Assert.Equal(Pixels(gan.Generate(rowCount: 30, label: 2, seed: null)), Pixels(labelled));
        Assert.Equal(Pixels(gan.Generate(rowCount: 30, label: 2, seed: 7)), Pixels(gan.Generate(30, 2, 7)));
        Assert.All(gan.Generate(5, (short)1).GetColumn<float>("Label"), l => Assert.Equal(1f, l));
        Assert.All(gan.Generate(5, 1L).GetColumn<float>("Label"), l => Assert.Equal(1f, l));

        // The seed stays reachable by name, and then labels follow the training distribution.
        Assert.True(gan.Generate(rowCount: 30, seed: 2).GetColumn<float>("Label").Distinct().Count() > 1);
        int? seed = 2;
        Assert.True(gan.Generate(30, seed).GetColumn<float>("Label").Distinct().Count() > 1);

        // Boxed values go through GanLabel.From.
        object boxed = 1.0;
        Assert.All(gan.Generate(4, GanLabel.From(boxed), seed: 3).GetColumn<float>("Label"), l => Assert.Equal(1f, l));
        Assert.Throws<ArgumentNullException>(() => GanLabel.From(null!));
        Assert.Throws<ArgumentNullException>(() => gan.Generate(4, default(GanLabel)));
        Assert.Equal(GanLabel.From("Coat"), (GanLabel)"Coat");
    }

    [Fact]
    public void AnUnconditionalGanRejectsAPositionalInteger()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(Options() with { LabelColumnName = null }).Fit(TestData.Load(ml, TestData.Rows(20)));
        Assert.Contains("seed:", Assert.Throws<InvalidOperationException>(() => gan.Generate(10, 3)).Message);
        Assert.Equal(10, gan.Generate(10, seed: 3).GetRowCount());
    }

    [Fact]
    public void SingleLabelsAreStoredInFloatRoundTripFormAndOldModelFilesStillLoad()
    {
        var ml = new MLContext(seed: 1);
        using var gan = Train(ml, 0.1f, 0.2f, 0.3f);
        Assert.Equal(new[] { "0.1", "0.2", "0.3" }, gan.ClassLabels);
        Assert.All(gan.Generate(6, label: 0.1f, seed: 1).GetColumn<float>("Label"), l => Assert.Equal(0.1f, l));
        Assert.All(gan.Generate(6, label: 0.2, seed: 1).GetColumn<float>("Label"), l => Assert.Equal(0.2f, l));

        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            using (var again = GanTransformer.Load(ml, path))
                Assert.All(again.Generate(6, label: 0.3f, seed: 1).GetColumn<float>("Label"), l => Assert.Equal(0.3f, l));

            // Files written before the fix hold (double)0.1f as text.
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("manifest.json")!;
                string json;
                using (var reader = new StreamReader(entry.Open())) json = reader.ReadToEnd();
                foreach (float f in new[] { 0.1f, 0.2f, 0.3f })
                    json = json.Replace($"\"{f:R}\"", $"\"{((double)f).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\"");
                Assert.Contains("0.10000000149011612", json);
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
                writer.Write(json);
            }
            using var old = GanTransformer.Load(ml, path);
            Assert.Equal(new[] { "0.1", "0.2", "0.3" }, old.ClassLabels);
            Assert.Equal(Pixels(gan.Generate(6, label: 0.1f, seed: 1)), Pixels(old.Generate(6, label: 0.1f, seed: 1)));
            Assert.All(old.Generate(6, label: 0.1f, seed: 1).GetColumn<float>("Label"), l => Assert.Equal(0.1f, l));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SingleKeyValuesAreMatchedAsFloats()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(30).Select((r, i) => new NumberRow { Pixels = r.Pixels, Label = new[] { 0.1f, 0.7f, 1.3f }[i % 3] }).ToList();
        var raw = ml.Data.LoadFromEnumerable(rows);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        using var gan = ml.Transforms.TrainGan(Options()).Fit(data);
        Assert.Equal(new[] { "0.1", "0.7", "1.3" }, gan.ClassLabels);
        var generated = gan.Generate(5, label: 0.7f, seed: 1);
        Assert.All(generated.GetColumn<uint>("Label"), k => Assert.Equal(2u, k));
        VBuffer<float> keyValues = default;
        generated.Schema["Label"].GetKeyValues(ref keyValues);
        Assert.Equal(new[] { 0.1f, 0.7f, 1.3f }, keyValues.DenseValues());
    }

    private static float[] Pixels(IDataView view) => view.GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();
}
