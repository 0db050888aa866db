using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanAugmentationTests
{
    private static GanAugmentationOptions Options(double ratio = 1.0, bool balance = false) => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label", SyntheticRowsPerRealRow = ratio, BalanceClasses = balance,
        ValidateAugmentation = false, // these tests check the plain mechanics; GanAugmentationValidationTests check validation
        Gan = new GanOptions { MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 2, BatchSize = 16, Seed = 3 },
    };

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void LaterStepsSeeRealPlusSyntheticRowsAndScoringKeepsTestRows()
    {
        var ml = new MLContext(seed: 1);
        var train = TestData.Load(ml, TestData.Rows(60));
        var test = TestData.Load(ml, TestData.Rows(21, seed: 9));
        var counter = new RowCountingEstimator(ml);
        GanTransformer? fitted = null;
        var options = Options(ratio: 0.5) with { GanFitted = g => fitted = g };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(options)
            .Append(counter)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 5));

        var model = pipeline.Fit(train);

        Assert.Equal(90, counter.RowsSeen);
        Assert.Equal(new Dictionary<uint, long> { [1] = 30, [2] = 30, [3] = 30 }, counter.RowsPerKey);
        Assert.Equal((60L, 30L), pipeline.LastFitRowCounts);
        Assert.NotNull(fitted);
        Assert.Same(fitted, pipeline.FittedGan);
        Assert.Equal(2, fitted!.History.Count);
        Assert.IsType<MulticlassPredictionTransformer<Microsoft.ML.Trainers.MaximumEntropyModelParameters>>(model.LastTransformer);
        Assert.NotNull(model.LastTransformer.Model);
        Assert.DoesNotContain(model, t => t is GanTransformer);

        var scored = model.Transform(test);
        Assert.Equal(21, scored.GetColumn<float[]>("Pixels").Count());
        Assert.Equal(test.GetColumn<float[]>("Pixels").Select(p => p.Sum()), scored.GetColumn<float[]>("Pixels").Select(p => p.Sum()));
        Assert.Equal(test.GetColumn<string>("Label").Count(), scored.GetColumn<uint>("PredictedLabel").Count());
    }

    [Fact]
    public void PredictionEngineAndModelSaveLoadWorkOnTheAugmentedPipeline()
    {
        var ml = new MLContext(seed: 1);
        var train = TestData.Load(ml, TestData.Rows(45));
        var test = TestData.Load(ml, TestData.Rows(12, seed: 4));
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options())
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 5))
            .Fit(train);

        var engine = ml.Model.CreatePredictionEngine<TestData.Row, Prediction>(model);
        var expected = model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray();
        var predicted = TestData.Rows(12, seed: 4).Select(r => engine.Predict(r).PredictedLabel).ToArray();
        Assert.Equal(expected, predicted);

        using var stream = new MemoryStream();
        ml.Model.Save(model, train.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        Assert.Equal(expected, loaded.Transform(test).GetColumn<uint>("PredictedLabel").ToArray());
    }

    [Fact]
    public void CrossValidationScoresUntouchedFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(60));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options())
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 5));
        var results = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 2);
        Assert.Equal(2, results.Count);
        Assert.Equal(60, results.Sum(r => r.ScoredHoldOutSet.GetColumn<uint>("PredictedLabel").Count()));
        Assert.All(results, r => Assert.InRange(r.Metrics.MacroAccuracy, 0.0, 1.0));
    }

    [Fact]
    public void BalancingTopsUpSmallClassesFirst()
    {
        var ml = new MLContext(seed: 1);
        // 20 Bag, 10 Coat, 4 Sneaker.
        var rows = TestData.Rows(60).Where((r, i) => r.Label == "Bag" ? i < 60 : r.Label == "Coat" ? i < 30 : i < 12).ToList();
        var counter = new RowCountingEstimator(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options(balance: true) with { SyntheticRowCount = 30 })
            .Append(counter);
        pipeline.Fit(TestData.Load(ml, rows));
        // Water-filling 30 rows: Sneaker 4→?, Coat 10→?; all three end at 21 or 22 with 64 rows in total.
        Assert.Equal(64, counter.RowsSeen);
        Assert.All(counter.RowsPerKey.Values, n => Assert.InRange(n, 21, 22));
    }

    [Fact]
    public void SyntheticRowPlansAreExact()
    {
        Assert.Equal(new[] { 5, 3, 2 }, SyntheticRowPlan.Proportional([50, 30, 20], 10));
        Assert.Equal(new[] { 0, 4, 6 }, SyntheticRowPlan.Balanced([10, 6, 4], 10));
        Assert.Equal(new[] { 0, 0, 6 }, SyntheticRowPlan.Balanced([10, 0, 4], 6)); // a class without real rows was never learned
        Assert.Equal(new[] { 2, 6, 8 }, SyntheticRowPlan.Balanced([10, 6, 4], 16));
    }

    [Fact]
    public void LaterStepsNeedingOtherColumnsGetAClearErrorAndDisposingTheGanInTheCallbackIsSafe()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Transforms.CopyColumns("Extra", "Pixels").Fit(TestData.Load(ml, TestData.Rows(30))).Transform(TestData.Load(ml, TestData.Rows(30)));
        var needsExtra = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options())
            .Append(ml.Transforms.Concatenate("All", "Pixels", "Extra"));
        var error = Assert.Throws<InvalidOperationException>(() => needsExtra.Fit(train));
        Assert.Contains("'Pixels', 'Label'", error.Message);

        var disposing = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { GanFitted = g => g.Dispose() })
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));
        var model = disposing.Fit(train);
        Assert.Equal(30, model.Transform(train).GetColumn<uint>("PredictedLabel").Count());
        Assert.Throws<ObjectDisposedException>(() => disposing.FittedGan!.Generate(1));
    }

    [Fact]
    public void BadOptionsAreRejectedWhenAppending()
    {
        var ml = new MLContext(seed: 1);
        var start = ml.Transforms.Conversion.MapValueToKey("Label");
        Assert.Contains("SyntheticRowsPerRealRow", Assert.Throws<ArgumentException>(() => start.AppendGanAugmentation(Options(ratio: -1))).Message);
        Assert.Contains("BalanceClasses", Assert.Throws<ArgumentException>(() => start.AppendGanAugmentation(Options(balance: true) with { LabelColumnName = null })).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => start.AppendGanAugmentation(Options() with { Gan = new GanOptions { BatchSize = 0 } })).Message);
    }

    /// <summary>Counts the rows (and rows per key label) it is fitted on, then behaves like CopyColumns.</summary>
    private sealed class RowCountingEstimator(MLContext ml) : IEstimator<ITransformer>
    {
        public long RowsSeen { get; private set; }
        public Dictionary<uint, long> RowsPerKey { get; } = new();

        public ITransformer Fit(IDataView input)
        {
            RowsSeen = 0;
            RowsPerKey.Clear();
            foreach (uint key in input.GetColumn<uint>("Label"))
            {
                RowsSeen++;
                RowsPerKey[key] = RowsPerKey.GetValueOrDefault(key) + 1;
            }
            return ml.Transforms.CopyColumns("PixelsCopy", "Pixels").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ml.Transforms.CopyColumns("PixelsCopy", "Pixels").GetOutputSchema(inputSchema);
    }
}
