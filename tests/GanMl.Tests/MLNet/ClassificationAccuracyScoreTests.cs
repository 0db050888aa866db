using Microsoft.ML;
using Xunit;

namespace GanMl.Tests.MLNet;

public class ClassificationAccuracyScoreTests
{
    [Fact]
    public void AGanThatLearnedTheClassesScoresHighAndTheFiguresMatchADirectEvaluation()
    {
        // Each class is a bright bar in its own row of pixels: a GAN that learned the classes makes rows a classifier
        // trained on them alone can label real rows by.
        var ml = new MLContext(seed: 1);
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label").Fit(TestData.Load(ml, TestData.Rows(30)));
        var train = toKey.Transform(TestData.Load(ml, TestData.Rows(90)));
        var test = toKey.Transform(TestData.Load(ml, TestData.Rows(30, seed: 5)));
        using var gan = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8,
            Epochs = 60, BatchSize = 16, LearningRate = 1e-3f, Seed = 2,
        }).Fit(train);
        var classifier = ml.Transforms.NormalizeMinMax("Pixels").Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 20));

        var cas = ml.MulticlassClassification.EvaluateGeneratedRows(gan, test, classifier, rowsPerClass: 50, seed: 4);

        Assert.True(cas.Accuracy >= 0.9, $"CAS {cas.Accuracy:P1}");
        Assert.Equal(3, cas.PerClassAccuracy.Count);
        Assert.Equal(gan.ClassLabels, cas.ClassLabels);
        Assert.Equal((150L, 30L), (cas.SyntheticRows, cas.RealRows));
        Assert.Equal(cas.PerClassAccuracy.Average(), cas.MacroAccuracy, 12);
        var direct = ml.MulticlassClassification.Evaluate(classifier.Fit(gan.GeneratePerClass([50, 50, 50], seed: 4)).Transform(test));
        Assert.Equal(direct.MicroAccuracy, cas.Accuracy);
    }

    [Fact]
    public void BadInputsNameWhatIsWrong()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(30));
        using var unconditional = ml.Transforms.TrainGan(new GanOptions { FeatureColumnName = "Pixels", MlpPreset = MlpPreset.Minimal, Epochs = 1, BatchSize = 10 }).Fit(data);
        var classifier = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels");
        Assert.Contains("conditional", Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.EvaluateGeneratedRows(unconditional, data, classifier)).Message);
        using var conditional = ml.Transforms.TrainGan(new GanOptions { FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, Epochs = 1, BatchSize = 10 }).Fit(data);
        Assert.Contains("'Label'", Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateGeneratedRows(conditional, ml.Transforms.SelectColumns("Pixels").Fit(data).Transform(data), classifier)).Message);
        Assert.Contains("type", Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateGeneratedRows(conditional, ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data), classifier)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateGeneratedRows(conditional, data, classifier, rowsPerClass: 0));
    }
}

public class GanCasMonitorTests
{
    [Fact]
    public void TheMonitorRecordsCasAndKeepsTheBestEpochsCheckpoint()
    {
        var ml = new MLContext(seed: 1);
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label").Fit(TestData.Load(ml, TestData.Rows(30)));
        var train = toKey.Transform(TestData.Load(ml, TestData.Rows(60)));
        var validation = toKey.Transform(TestData.Load(ml, TestData.Rows(30, seed: 8)));
        var classifier = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Pixels");
        var monitor = new GanCasMonitor { RealData = validation, Classifier = classifier, EveryEpochs = 2, RowsPerClass = 20 };
        using var gan = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8,
            Epochs = 6, BatchSize = 16, LearningRate = 1e-3f, Seed = 2, CasMonitor = monitor,
        }).Fit(train);

        Assert.Equal([null, 2, null, 4, null, 6], gan.History.Select(h => h.Cas is null ? (int?)null : h.Epoch));
        var best = gan.History.Where(h => h.Cas.HasValue).MaxBy(h => h.Cas!.Value)!;
        var now = ml.MulticlassClassification.EvaluateGeneratedRows(gan, validation, classifier, monitor.RowsPerClass, monitor.Seed);
        Assert.Equal(best.Cas!.Value, now.Accuracy, 12); // the fitted GAN is the best epoch's

        Assert.Contains("RealData", Assert.Throws<ArgumentException>(() => ml.Transforms.TrainGan(new GanOptions { FeatureColumnName = "Pixels", LabelColumnName = "Label", CasMonitor = new GanCasMonitor { Classifier = classifier } })).Message);
        Assert.Contains("LabelColumnName", Assert.Throws<ArgumentException>(() => ml.Transforms.TrainGan(new GanOptions { FeatureColumnName = "Pixels", CasMonitor = monitor })).Message);
    }
}
