using GanMl.Examples;
using GanMl.Imaging;
using GanMl.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests;

/// <summary>The snippets of ../shared/API.md, as written, on the shipped Fashion-MNIST subset (small sizes, so they run fast).</summary>
public class ApiContractTests
{
    private static (MLContext Ml, IDataView Train, IDataView Test) Data()
    {
        var ml = new MLContext(seed: 1);
        var train = FashionMnistSubset.Load(ml, train: true, new IdxLoadOptions { MaxRowsPerClass = 12 });
        var test = FashionMnistSubset.Load(ml, train: false, new IdxLoadOptions { MaxRowsPerClass = 5 });
        return (ml, train, test);
    }

    [Fact]
    public void Section1FitsAConditionalDcganGeneratesSavesLoadsAndScores()
    {
        var (ml, trainData, data) = Data();
        GanEstimator estimator = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels",
            LabelColumnName = "Label",
            ImageShape = new ImageShape(channels: 1, height: 28, width: 28),
            Architecture = GanArchitecture.Dcgan,
            LatentDimension = 100,
            Epochs = 2,
            BatchSize = 32,
            LearningRate = 2e-4f, Beta1 = 0.5f, Beta2 = 0.999f,
            DiscriminatorSteps = 1,
            Loss = GanLoss.NonSaturating,
            Seed = 1,
            DcganBaseChannels = 8,
        });
        using GanTransformer gan = estimator.Fit(trainData);

        IDataView synthetic = gan.Generate(rowCount: 30, seed: 7);
        Assert.Equal(trainData.Schema["Pixels"].Type, synthetic.Schema["Pixels"].Type);
        Assert.Equal(trainData.Schema["Label"].Type, synthetic.Schema["Label"].Type);
        IDataView sneakers = gan.Generate(rowCount: 20, label: "Sneaker", seed: 7);
        Assert.All(sneakers.GetColumn<string>("Label"), l => Assert.Equal("Sneaker", l));
        Assert.All(sneakers.GetColumn<float[]>("Pixels"), p => Assert.All(p, v => Assert.InRange(v, 0f, 255f)));

        IReadOnlyList<GanEpochRecord> history = gan.History;
        Assert.Equal(2, history.Count);
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            using GanTransformer again = GanTransformer.Load(ml, path);
            Assert.Equal(sneakers.GetColumn<float[]>("Pixels").SelectMany(p => p), again.Generate(rowCount: 20, label: "Sneaker", seed: 7).GetColumn<float[]>("Pixels").SelectMany(p => p));
        }
        finally { File.Delete(path); }
        IDataView scored = gan.Transform(data);
        Assert.Equal(50, scored.GetColumn<float>("DiscriminatorScore").Count());
    }

    [Fact]
    public void Section2AugmentsInsideAPipeline()
    {
        var (ml, train, test) = Data();
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(new GanAugmentationOptions
            {
                FeatureColumnName = "Pixels",
                LabelColumnName = "Label",
                SyntheticRowsPerRealRow = 1.0,
                ValidateAugmentation = false, // section 2's semantics with the amount fixed; section 5 validates
                Gan = new GanOptions { Architecture = GanArchitecture.Dcgan, ImageShape = new(1, 28, 28), Epochs = 1, DcganBaseChannels = 8, BatchSize = 32 },
            })
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));

        var model = pipeline.Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.NotNull(model.LastTransformer.Model);
        Assert.InRange(metrics.MicroAccuracy, 0, 1);
        Assert.Equal((120L, 120L), pipeline.LastFitRowCounts);
        Assert.Equal(test.GetColumn<float[]>("Pixels").Select(p => p.Sum()), model.Transform(test).GetColumn<float[]>("Pixels").Select(p => p.Sum())); // the test rows, in order
        var engine = ml.Model.CreatePredictionEngine<FashionRow, Prediction>(model);
        Assert.InRange(engine.Predict(new FashionRow { Pixels = test.GetColumn<float[]>("Pixels").First() }).PredictedLabel, 1u, 10u);
    }

    private sealed class FashionRow
    {
        [VectorType(784)] public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void Section3ScoresFidOnFeaturesAndLowLevelStatisticsAgree()
    {
        var (ml, train, test) = Data();
        var realData = ml.Transforms.CopyColumns("Features", "Pixels").Fit(train).Transform(train);
        var generatedData = ml.Transforms.CopyColumns("Features", "Pixels").Fit(test).Transform(test);
        FidEstimator fidEstimator = ml.Transforms.Fid(featureColumnName: "Features");
        FidTransformer fid = fidEstimator.Fit(realData);
        FidMetrics m = fid.Evaluate(generatedData);
        Assert.Equal(120, m.ReferenceCount);
        Assert.Equal(50, m.SampleCount);
        IDataView withFeatures = fid.Transform(generatedData);
        Assert.Equal(50, withFeatures.GetColumn<float[]>("Features").Count());

        // n < d here, so with the centred rows kept the exact n-space path applies; from statistics alone it is ~1e-7 relative.
        var a = FeatureStatistics.FromFeatures(realData.GetColumn<float[]>("Features").ToArray(), keepCenteredFeatures: true);
        var b = FeatureStatistics.FromFeatures(generatedData.GetColumn<float[]>("Features").ToArray(), keepCenteredFeatures: true);
        Assert.Equal(1.0, FrechetDistance.Compute(a, b) / m.Fid, 9);
        string npz = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.npz");
        try
        {
            a.SaveNpz(npz);
            Assert.Equal(1.0, FrechetDistance.Compute(FeatureStatistics.LoadNpz(npz), b) / m.Fid, 6);
        }
        finally { File.Delete(npz); }
    }

    [Fact]
    public void Section6GeneratesWithoutLibtorchFromTheExportedGenerator()
    {
        var (ml, trainData, _) = Data();
        using var gan = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", ImageShape = new ImageShape(1, 28, 28),
            Architecture = GanArchitecture.Dcgan, DcganBaseChannels = 8, Epochs = 1, BatchSize = 32, Seed = 1,
        }).Fit(trainData);
        string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ganml-api6-{Guid.NewGuid():N}")).FullName;
        try
        {
            string path = Path.Combine(folder, "generator.onnx");
            gan.ExportOnnx(path);
            using var g = OnnxGenerator.Load(ml, path);
            IDataView rows = g.Generate(rowCount: 1000, label: "Sneaker", seed: 7);
            Assert.Equal(gan.Generate(rowCount: 2, seed: 7).Schema.Select(c => (c.Name, c.Type)), rows.Schema.Select(c => (c.Name, c.Type)));
            Assert.All(rows.GetColumn<string>("Label"), l => Assert.Equal("Sneaker", l));
            Assert.Equal(1000, rows.GetColumn<float[]>("Pixels").Count());
        }
        finally { Directory.Delete(folder, recursive: true); }

        var random = new Random(3);
        var shards = Enumerable.Range(0, 3).Select(_ => FeatureStatistics.FromFeatures(Enumerable.Range(0, 20).Select(_ => new[] { (float)random.NextDouble(), (float)random.NextDouble() }).ToArray())).ToArray();
        FeatureStatistics all = FeatureStatistics.Merge(shards[0], shards[1], shards[2]);
        Assert.Equal(60, all.Count);
    }
}
