using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanAugmentationValidationTests
{
    private static GanAugmentationOptions Options() => TestData.SmallAugmentation();

    /// <summary>Records, per Fit, how many rows and how much weight the step saw; passes rows through.</summary>
    private sealed class RecordingEstimator(MLContext ml, string? weightColumn = null) : IEstimator<ITransformer>
    {
        public List<(long Rows, double Weight)> Fits { get; } = [];
        public List<Dictionary<uint, long>> RowsPerKey { get; } = [];

        public ITransformer Fit(IDataView input)
        {
            var keys = input.GetColumn<uint>("Label").ToList();
            double weight = weightColumn is null ? keys.Count : input.GetColumn<float>(weightColumn).Sum(w => (double)w);
            Fits.Add((keys.Count, weight));
            RowsPerKey.Add(keys.GroupBy(k => k).ToDictionary(g => g.Key, g => g.LongCount()));
            return ml.Transforms.CopyColumns("PixelsCopy", "Pixels").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ml.Transforms.CopyColumns("PixelsCopy", "Pixels").GetOutputSchema(inputSchema);
    }

    [Fact]
    public void TheWeightColumnHoldsOneForRealRowsAndTheWeightForSyntheticOnes()
    {
        var ml = new MLContext(seed: 1);
        var recorder = new RecordingEstimator(ml, "Weight");
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { ValidateAugmentation = false, SyntheticRowsPerRealRow = 0.5, SyntheticRowWeight = 0.25f, WeightColumnName = "Weight" })
            .Append(recorder)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", exampleWeightColumnName: "Weight", maximumNumberOfIterations: 3));
        var model = pipeline.Fit(TestData.Load(ml, TestData.Rows(60)));
        Assert.Equal((90L, 60 + 30 * 0.25), recorder.Fits.Single());
        Assert.False(pipeline.LastFitReport!.Validated);
        Assert.Equal(21, model.Transform(TestData.Load(ml, TestData.Rows(21, seed: 2))).GetColumn<uint>("PredictedLabel").Count()); // no weight column needed to score
        Assert.Contains("WeightColumnName", Assert.Throws<ArgumentException>(() => ml.Transforms.Conversion.MapValueToKey("Label").AppendGanAugmentation(Options() with { SyntheticRowWeight = 0.5f })).Message);
    }

    [Fact]
    public void ValidationKeepsRealRowsOnlyWhenNoCandidateBeatsThem()
    {
        var ml = new MLContext(seed: 1);
        var recorder = new RecordingEstimator(ml);
        // A metric that falls with every synthetic row the last fit saw: real rows only must win.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { ValidationMetric = _ => -recorder.Fits[^1].Rows })
            .Append(recorder)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));
        pipeline.Fit(TestData.Load(ml, TestData.Rows(60)));

        var report = pipeline.LastFitReport!;
        Assert.True(report.Validated);
        Assert.False(report.UsedSyntheticRows);
        Assert.Equal(0, report.SyntheticRowsPerRealRow);
        Assert.Equal((48L, 12L), (report.TrainingRows, report.HoldoutRows)); // 4 of each class's 20 rows held out
        Assert.Equal([0.5, 1.0, 2.0], report.Candidates.Select(c => c.SyntheticRowsPerRealRow));
        // Fits: real only, then the 3 candidates on the 48 training rows, then the final fit on all 60 real rows.
        Assert.Equal([48L, 72L, 96L, 144L, 60L], recorder.Fits.Select(f => f.Rows));
        Assert.Equal(new Dictionary<uint, long> { [1] = 16, [2] = 16, [3] = 16 }, recorder.RowsPerKey[0]);
        Assert.Equal((60L, 0L), pipeline.LastFitRowCounts);
    }

    [Fact]
    public void ValidationPicksTheBestCandidateAndRefitsOnAllRealRows()
    {
        var ml = new MLContext(seed: 1);
        var recorder = new RecordingEstimator(ml, "Weight");
        // A metric that rises with the synthetic weight the last fit saw: the most, heaviest synthetic rows must win.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { WeightColumnName = "Weight", ValidationRatios = [0.5, 1.0], ValidationWeights = [0.2f, 0.6f], ValidationMetric = _ => recorder.Fits[^1].Weight })
            .Append(recorder)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", exampleWeightColumnName: "Weight", maximumNumberOfIterations: 3));
        pipeline.Fit(TestData.Load(ml, TestData.Rows(60)));

        var report = pipeline.LastFitReport!;
        Assert.True(report.UsedSyntheticRows);
        Assert.Equal((1.0, 0.6f), (report.SyntheticRowsPerRealRow, report.SyntheticRowWeight));
        Assert.Equal(4, report.Candidates.Count);
        Assert.Equal(48 + 48 * 0.6, report.ChosenMetric, 4);
        Assert.Equal(48, report.RealOnlyMetric);
        Assert.Equal(120L, recorder.Fits[^1].Rows);
        Assert.Equal(60 + 60 * 0.6, recorder.Fits[^1].Weight, 4);
        Assert.Equal((60L, 60L), pipeline.LastFitRowCounts);
    }

    [Fact]
    public void ValidationIsOnByDefaultForAClassifierAndReportsAccuracy()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options())
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));
        pipeline.Fit(TestData.Load(ml, TestData.Rows(60)));
        var report = pipeline.LastFitReport!;
        Assert.True(report.Validated);
        Assert.Equal("micro-accuracy", report.MetricName);
        Assert.InRange(report.RealOnlyMetric, 0, 1);
        Assert.All(report.Candidates, c => Assert.InRange(c.Metric, 0, 1));
        if (report.UsedSyntheticRows) Assert.True(report.ChosenMetric > report.RealOnlyMetric + 0.005);
        else Assert.Equal(report.RealOnlyMetric, report.ChosenMetric);

        // A chain that ends in a transform has no default metric: validation is off unless asked for.
        var transformOnly = ml.Transforms.Conversion.MapValueToKey("Label").AppendGanAugmentation(Options()).Append(ml.Transforms.CopyColumns("P2", "Pixels"));
        transformOnly.Fit(TestData.Load(ml, TestData.Rows(30)));
        Assert.False(transformOnly.LastFitReport!.Validated);
        var forced = ml.Transforms.Conversion.MapValueToKey("Label").AppendGanAugmentation(Options() with { ValidateAugmentation = true }).Append(ml.Transforms.CopyColumns("P2", "Pixels"));
        Assert.Contains("ValidationMetric", Assert.Throws<InvalidOperationException>(() => forced.Fit(TestData.Load(ml, TestData.Rows(30)))).Message);
    }

    [Fact]
    public void TheDefaultMetricsEvaluateInTheCallersContext()
    {
        var ml = new MLContext(seed: 1);
        var environment = MLContextAccess.Environment(ml.Transforms);
        Assert.NotNull(MLContextAccess.MulticlassClassification(environment));
        Assert.NotNull(MLContextAccess.BinaryClassification(environment));
        Assert.Equal("accuracy", AugmentationMetric.For(typeof(BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase>), environment, "Label")!.Name);
    }

    [Theory]
    [InlineData(10, 2, true)]   // 8 more right rows ≥ 2·√12 ≈ 6.9
    [InlineData(20, 5, true)]   // 15 ≥ 2·√25
    [InlineData(10, 4, false)]  // 6 < 2·√14 ≈ 7.5: a few lucky rows are not enough
    [InlineData(3, 1, false)]
    [InlineData(4, 0, true)]    // 4 ≥ 2·√4
    [InlineData(3, 0, false)]   // 3 < 2·√3
    [InlineData(1, 0, false)]
    [InlineData(0, 0, false)]   // the same predictions
    public void APairedCheckKeepsLuckyCandidatesOut(int onlyCandidate, int onlyBaseline, bool expected)
    {
        const int both = 20;
        var candidate = Enumerable.Repeat(true, both).Concat(Enumerable.Repeat(true, onlyCandidate)).Concat(Enumerable.Repeat(false, onlyBaseline)).ToArray();
        var baseline = Enumerable.Repeat(true, both).Concat(Enumerable.Repeat(false, onlyCandidate)).Concat(Enumerable.Repeat(true, onlyBaseline)).ToArray();
        Assert.Equal(expected, ValidationScorer.ClearlyBetter(candidate, baseline));
    }

    [Fact]
    public void RowsWithoutALabelTrainOnlyTheGan()
    {
        var ml = new MLContext(seed: 1);
        var rows = TestData.Rows(60);
        foreach (var row in rows.Take(15)) row.Label = ""; // missing: MapValueToKey gives key 0
        var recorder = new RecordingEstimator(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { ValidateAugmentation = false, SyntheticRowsPerRealRow = 0 })
            .Append(recorder);
        pipeline.Fit(TestData.Load(ml, rows));
        Assert.Equal(45L, recorder.Fits.Single().Rows);
        Assert.DoesNotContain(0u, recorder.RowsPerKey.Single().Keys);
    }
}
