using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace GanMl.Examples;

/// <summary>The ssl command's options, bound in <see cref="SslCommand.Create"/>.</summary>
internal sealed record SslSettings(int PerClass, int? UnlabelledPerClass, int Seeds, int Split, int? Epochs, bool Convolutional, string? DataFolder, string Output,
    double? ValidationFraction = null);

/// <summary>One seed's accuracies on the test set, side by side on the same split.</summary>
internal sealed record SslRunResult(int Seed, double LbfgsPixels, double Supervised, double SemiSupervised, double LbfgsDiscriminatorFeatures,
    double SupervisedSeconds, double SemiSupervisedSeconds, int SupervisedBestEpoch, int SemiSupervisedBestEpoch);

/// <summary>
/// The semi-supervised experiment: on one split of N labelled images per class (the other training images unlabelled),
/// it trains and scores on the test set, per seed: ML.NET's L-BFGS maximum entropy on the labelled pixels; the
/// semi-supervised GAN's classifier network on the labelled rows alone; the semi-supervised GAN with the unlabelled
/// rows; and L-BFGS on the GAN discriminator's features. Whatever comes out is reported.
/// </summary>
internal static class SslCommand
{
    public static Command Create()
    {
        var perClass = Cli.Option("--per-class", "Labelled training images per class.", 100).Where(v => v >= 2, "must be at least 2.");
        var unlabelled = Cli.Optional<int?>("--unlabelled-per-class", "Unlabelled training images per class [default: all other training images].");
        unlabelled.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) r.AddError("Option '--unlabelled-per-class' must be at least 0."); });
        var seeds = Cli.Option("--seeds", "Runs with network seeds 1..N on the same split.", 3).Where(v => v >= 1, "must be at least 1.");
        var split = Cli.Option("--split", "Seed of the choice of labelled and unlabelled images.", 4242);
        var epochs = Cli.Optional<int?>("--epochs", "Epochs of both networks [default: the trainer's step budget].");
        var arch = Cli.Choice("--arch", "The classifier network: mlp (Salimans et al.'s MNIST network, the default) or conv.", "mlp", "mlp", "conv");
        var validation = Cli.Optional<double?>("--validation-fraction",
            "Share of each class's labelled rows held out to keep the best epoch; 0 trains on all of them and keeps the last epoch [default: the trainer's 0.1].");
        validation.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is < 0 or >= 1) r.AddError("Option '--validation-fraction' must be in [0, 1)."); });
        var data = Cli.Optional<string>("--data", "Folder with train-* and t10k-* IDX files [default: the shipped Fashion-MNIST subset].", "DIR");
        var output = Cli.Option("--out", "Output folder.", Path.Combine("runs", "ssl"));
        output.HelpName = "DIR";
        var command = new Command("ssl", "Semi-supervised classification: L-BFGS, the network on labelled rows only, the semi-supervised GAN, and L-BFGS on its discriminator features, side by side.")
        {
            perClass, unlabelled, seeds, split, epochs, arch, validation, data, output,
        };
        command.SetAction(r => Run(new SslSettings(r.GetValue(perClass), r.GetValue(unlabelled), r.GetValue(seeds), r.GetValue(split), r.GetValue(epochs),
            r.GetValue(arch) == "conv", r.GetValue(data), Path.GetFullPath(r.GetValue(output)!), r.GetValue(validation))));
        return command;
    }

    public static int Run(SslSettings settings)
    {
        Directory.CreateDirectory(settings.Output);
        var ml = new MLContext(seed: 1);
        var (trainImages, trainLabels) = TrainCommand.DataFiles(settings.DataFolder, train: true);
        var (testImages, testLabels) = TrainCommand.DataFiles(settings.DataFolder, train: false);
        var (train, labelledOnly, labelledRows, unlabelledRows) = SslData.Load(ml, trainImages, trainLabels, settings.PerClass, settings.UnlabelledPerClass, settings.Split);
        var test = IdxDataLoader.Load(ml, testImages, testLabels);
        long testRows = test.GetRowCount() ?? 0;
        AnsiConsole.MarkupLine(Markup.Escape($"Semi-supervised experiment: {labelledRows} labelled and {unlabelledRows} unlabelled training images (split {settings.Split}), " +
            $"{testRows} test images, {settings.Seeds} seed(s), {(settings.Convolutional ? "convolutional" : "MLP")} classifier."));

        var toKey = ml.Transforms.Conversion.MapValueToKey("Label");
        // L-BFGS on min-max-normalised pixels, as the augment command (and the reference's /255) does.
        double lbfgs = Accuracy(ml, toKey.Append(ml.Transforms.NormalizeMinMax("Pixels"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Pixels")).Fit(labelledOnly), test);
        AnsiConsole.MarkupLine(Markup.Escape($"L-BFGS on the labelled pixels: {lbfgs:P2}"));
        var runs = new List<SslRunResult>();
        for (int seed = 1; seed <= settings.Seeds; seed++)
        {
            var (supervised, supervisedTime, supervisedModel) = Fit(ml, settings, labelledOnly, test, seed, unsupervised: false);
            var (semi, semiTime, semiModel) = Fit(ml, settings, train, test, seed, unsupervised: true);
            // L-BFGS on the discriminator's features of the labelled rows.
            var featurized = toKey.Append(ml.Transforms.DiscriminatorFeatures(semiModel))
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "DiscriminatorFeatures")).Fit(labelledOnly);
            double onFeatures = Accuracy(ml, featurized, test);
            var run = new SslRunResult(seed, lbfgs, supervised, semi, onFeatures, supervisedTime, semiTime, supervisedModel.BestEpoch, semiModel.BestEpoch);
            runs.Add(run);
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: network on labelled rows {supervised:P2} ({supervisedTime:F0} s), semi-supervised GAN {semi:P2} ({semiTime:F0} s), L-BFGS on D's features {onFeatures:P2}")));
        }
        Report(settings, runs, labelledRows, unlabelledRows, testRows);
        return 0;
    }

    private static (double Accuracy, double Seconds, SemiSupervisedGanModel Model) Fit(MLContext ml, SslSettings settings, IDataView data, IDataView test, int seed, bool unsupervised)
    {
        var options = new SemiSupervisedGanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = "Label", ImageShape = new ImageShape(1, 28, 28), Convolutional = settings.Convolutional,
            Epochs = settings.Epochs, Seed = seed, UnsupervisedWeight = unsupervised ? null : 0f,
        };
        if (settings.ValidationFraction is { } fraction) options = options with { ValidationFraction = fraction };
        var trainer = ml.MulticlassClassification.Trainers.SemiSupervisedGan(options);
        var clock = Stopwatch.StartNew();
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer).Fit(data);
        double seconds = clock.Elapsed.TotalSeconds;
        return (Accuracy(ml, model, test), seconds, trainer.LastModel!);
    }

    private static double Accuracy(MLContext ml, ITransformer model, IDataView test) => ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;

    private static void Report(SslSettings settings, List<SslRunResult> runs, long labelled, long unlabelled, long testRows)
    {
        var table = new Table().AddColumns("seed", "L-BFGS, pixels", "network, labelled only", "semi-supervised GAN", "L-BFGS, D features", "fit s (sup / ssl)");
        string P(double v) => v.ToString("P2", CultureInfo.InvariantCulture);
        foreach (var r in runs)
            table.AddRow(r.Seed.ToString(CultureInfo.InvariantCulture), P(r.LbfgsPixels), P(r.Supervised), P(r.SemiSupervised), P(r.LbfgsDiscriminatorFeatures),
                string.Create(CultureInfo.InvariantCulture, $"{r.SupervisedSeconds:F0} / {r.SemiSupervisedSeconds:F0}"));
        table.AddRow("mean", P(runs.Average(r => r.LbfgsPixels)), P(runs.Average(r => r.Supervised)), P(runs.Average(r => r.SemiSupervised)),
            P(runs.Average(r => r.LbfgsDiscriminatorFeatures)), string.Create(CultureInfo.InvariantCulture, $"{runs.Average(r => r.SupervisedSeconds):F0} / {runs.Average(r => r.SemiSupervisedSeconds):F0}"));
        AnsiConsole.Write(table);
        string path = Path.Combine(settings.Output, "ssl.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { settings, labelled, unlabelled, testRows, cpu = Environment.ProcessorCount, runs }, new JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLine(Markup.Escape($"Wrote {path}."));
    }
}

/// <summary>The ssl command's training rows: N labelled images per class and U unlabelled ones (label text empty), chosen by a seeded shuffle per class.</summary>
internal static class SslData
{
    private sealed class Row
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
    }

    /// <summary>All training rows (labelled and unlabelled), the labelled rows alone, and their counts.</summary>
    public static (IDataView All, IDataView Labelled, long LabelledCount, long UnlabelledCount) Load(MLContext ml, string imagesPath, string labelsPath, int perClass, int? unlabelledPerClass, int seed)
    {
        var images = IdxReader.Read(imagesPath, labelsPath);
        if (images.PixelCount != 784) throw new ArgumentException($"The ssl command expects 28×28 images; {imagesPath} has {images.Height}×{images.Width}.");
        var random = new Random(seed);
        var rows = new List<Row>();
        long labelled = 0, unlabelled = 0;
        foreach (var group in Enumerable.Range(0, images.RowCount).GroupBy(i => images.Labels[i]).OrderBy(g => g.Key))
        {
            var order = group.ToArray();
            random.Shuffle(order);
            if (order.Length < perClass) throw new ArgumentException($"Class {FashionMnist.ClassNames[group.Key]} has {order.Length} training images; --per-class asks for {perClass}.");
            int take = Math.Min(unlabelledPerClass ?? int.MaxValue, order.Length - perClass);
            foreach (int i in order.Take(perClass)) rows.Add(new Row { Pixels = images.GetPixelsAsFloat(i), Label = FashionMnist.ClassNames[images.Labels[i]] });
            foreach (int i in order.Skip(perClass).Take(take)) rows.Add(new Row { Pixels = images.GetPixelsAsFloat(i) });
            labelled += perClass;
            unlabelled += take;
        }
        return (ml.Data.LoadFromEnumerable(rows), ml.Data.LoadFromEnumerable(rows.Where(r => r.Label.Length > 0).ToList()), labelled, unlabelled);
    }
}
