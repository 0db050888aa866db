using System.Diagnostics;
using Microsoft.ML;

namespace GanMl.Examples;

/// <summary>One seed of the augmentation experiment: baseline, augmented, CAS and FID.</summary>
internal sealed record AugmentRun(int Seed, double Baseline, double Augmented, double BaselineMacro, double AugmentedMacro,
    double? OversampledAccuracy, double? OversampledMacro, double Cas, double Fid, double GanSeconds, double TotalSeconds,
    IReadOnlyList<string> Classes, IReadOnlyList<double> BaselineRecall, IReadOnlyList<double> AugmentedRecall, IReadOnlyList<double>? OversampledRecall,
    GanAugmentationReport Report, string Grid)
{
    public double Gain => Augmented - Baseline;

    public string Summary() =>
        $"accuracy {Baseline:P2} without, {Augmented:P2} with GAN ({Gain * 100:+0.00;-0.00} points); macro recall {BaselineMacro:P2} → {AugmentedMacro:P2}" +
        (OversampledMacro is { } o ? $" (random oversampling {o:P2})" : "") + $"; CAS {Cas:P2}; domain FID {Fid:F2}; GAN {GanSeconds:F0} s; {Report}";

    public static AugmentRun Execute(AugmentSettings settings, IDataView train, IDataView test, int seed, IReadOnlySet<string>? small, IDataView? validation = null)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: seed);
        var labelled = AugmentData.Labelled(ml, train);
        IEstimator<ITransformer> Classifier(bool weighted) => ml.Transforms.NormalizeMinMax("Pixels").Append(settings.Trainer(ml, weighted));
        var keys = ml.Transforms.Conversion.MapValueToKey("Label");

        var baseline = Score(ml, keys.Append(Classifier(false)).Fit(labelled), test);
        (double Accuracy, double Macro, IReadOnlyList<double> Recall)? oversampled = small is null ? null : Score(ml, keys.Append(Classifier(false)).Fit(AugmentData.Oversample(ml, labelled, seed)), test);

        GanTransformer? gan = null;
        bool weighted = settings.Weight != 1f;
        var ganOptions = settings.Gan(seed);
        if (validation is not null)
            ganOptions.CasMonitor = new GanCasMonitor
            {
                RealData = keys.Fit(labelled).Transform(validation), Classifier = Classifier(false), EveryEpochs = settings.CasMonitorEvery, RowsPerClass = 200,
            };
        var options = new GanAugmentationOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", Gan = ganOptions, GanFitted = g => gan = g,
            ValidateAugmentation = settings.Validate, SyntheticRowsPerRealRow = settings.Ratio,
            SyntheticRowWeight = settings.Weight, WeightColumnName = weighted ? "Weight" : null,
        };
        if (small is not null)
        {
            // GAN balancing: top every class up to the largest.
            var counts = ml.Data.CreateEnumerable<AugmentData.Row>(labelled, false).GroupBy(r => r.Label).Select(g => g.Count()).ToList();
            options.BalanceClasses = true;
            options.SyntheticRowCount = counts.Sum(c => counts.Max() - c);
            // The held-out rows are as imbalanced as the training rows: judge candidates by macro recall, as the test set does.
            options.ValidationMetric = scored => ml.MulticlassClassification.Evaluate(scored, "Label").MacroAccuracy;
        }
        var augmentation = keys.AppendGanAugmentation(options);
        var pipeline = augmentation.Append(ml.Transforms.NormalizeMinMax("Pixels")).Append(settings.Trainer(ml, weighted));
        var model = pipeline.Fit(train);
        var augmented = Score(ml, model, test);

        var keyedTest = model.First().Transform(test);
        var cas = ml.MulticlassClassification.EvaluateGeneratedRows(gan!, keyedTest, Classifier(false), settings.CasRows, seed: 1000 + seed);
        double fid = DomainFid(ml, gan!, test, settings.CasRows, 1000 + seed);
        string grid = Path.Combine(settings.Output, $"samples_seed{seed}.png");
        SampleGrid.Write(gan!, grid, seed: 99);
        double ganSeconds = gan!.History.Sum(h => h.Seconds);
        var classes = gan.ClassLabels;
        gan.Dispose();
        return new AugmentRun(seed, baseline.Accuracy, augmented.Accuracy, baseline.Macro, augmented.Macro, oversampled?.Accuracy, oversampled?.Macro,
            cas.Accuracy, fid, ganSeconds, clock.Elapsed.TotalSeconds, classes, baseline.Recall, augmented.Recall, oversampled?.Recall,
            augmentation.LastFitReport!, grid);
    }

    private static (double Accuracy, double Macro, IReadOnlyList<double> Recall) Score(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        return (metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.ConfusionMatrix.PerClassRecall);
    }

    /// <summary>FID of generated rows against the test images, on the features of the offline Fashion-MNIST CNN.</summary>
    private static double DomainFid(MLContext ml, GanTransformer gan, IDataView test, int rowsPerClass, int seed)
    {
        var fid = ml.Transforms.Fid(new FidOptions
        {
            FeatureColumnName = "FidFeatures", OnnxModelPath = Path.Combine(AppContext.BaseDirectory, "models", "fmnist_cnn64.onnx"),
            OnnxInputName = "input", OnnxOutputName = "features", InputSize = 32,
            InputColumnName = "Pixels", PixelChannels = 1, PixelHeight = 28, PixelWidth = 28, PixelMinValue = 0, PixelMaxValue = 255,
        }).Fit(test);
        var generated = gan.GeneratePerClass(gan.ClassCounts.Select(c => c > 0 ? rowsPerClass : 0).ToArray(), seed);
        return fid.Evaluate(generated).Fid;
    }
}
