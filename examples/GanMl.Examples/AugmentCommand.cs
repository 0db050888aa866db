using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace GanMl.Examples;

/// <summary>
/// The augmentation experiment: the same ML.NET classifier trained on N real images per class, without and with
/// <c>AppendGanAugmentation</c>, scored on the test set, over several seeds; also the GAN's classification accuracy
/// score (CAS) and domain FID. A measurement, not a promise: whatever comes out is reported.
/// </summary>
internal static class AugmentCommand
{
    public static Command Create()
    {
        var perClass = Cli.Option("--per-class", "Labelled real training images per class.", 100).Where(v => v >= 2, "must be at least 2.");
        var unlabelled = Cli.Option("--unlabelled-per-class", "Extra training images per class without their label (semi-supervised GAN).", 0).Where(v => v >= 0, "must be at least 0.");
        var imbalanced = Cli.Option("--imbalanced", "3 classes (T-shirt/top, Trouser, Pullover) with --small-count images, the rest with --per-class; compares no balancing, random oversampling and GAN balancing by macro recall.", false);
        var smallCount = Cli.Option("--small-count", "Images of each small class with --imbalanced.", 20).Where(v => v >= 2, "must be at least 2.");
        var seeds = Cli.Option("--seeds", "Runs with seeds 1..N.", 3).Where(v => v >= 1, "must be at least 1.");
        var classifier = Cli.Choice("--classifier", "The ML.NET classifier.", "lbfgs", "lbfgs", "sdca", "lightgbm");
        var validate = Cli.Option("--validate", "Validated augmentation: hold out 20% of the real rows to choose the amount (true|false).", true);
        var ratio = Cli.Float("--ratio", "Synthetic rows per real row (without validation; a candidate with it).", 1f);
        var weight = Cli.Float("--weight", "Synthetic row weight (through a weight column).", 1f);
        var epochs = Cli.Optional<int?>("--epochs", "GAN epochs [default: the recipe's rows-seen budget].");
        var auxClassifier = Cli.Optional<bool?>("--aux-classifier", "AC-GAN head in D (true|false) [default: on only with unlabelled rows].");
        var ema = Cli.Float("--ema", "Decay of the moving average of G's weights (0: off).", 0f);
        var baseChannels = Cli.Option("--base-channels", "DCGAN base channels.", 32);
        var batchSize = Cli.Option("--batch-size", "GAN mini-batch size.", 64);
        var diffAugment = Cli.Enum("--diffaugment", "DiffAugment policy.", DiffAugmentPolicy.All);
        var loss = Cli.Enum("--loss", "Adversarial loss.", GanLoss.Hinge);
        var casRows = Cli.Option("--cas-rows", "Generated rows per class for CAS and FID.", 1000).Where(v => v >= 1, "must be at least 1.");
        var casMonitorEvery = Cli.Option("--cas-monitor-every", "Keep the GAN epoch with the best CAS, scored every N epochs on 100 further training-file images per class (not the test set); 0: off.", 0);
        var data = Cli.Optional<string>("--data", "Folder with train-* and t10k-* IDX files [default: the shipped Fashion-MNIST subset].", "DIR");
        var output = Cli.Option("--out", "Output folder.", Path.Combine("runs", "augment"));
        output.HelpName = "DIR";
        var command = new Command("augment", "Compare a classifier trained without and with GAN augmentation (100 real images per class by default).")
        {
            perClass, unlabelled, imbalanced, smallCount, seeds, classifier, validate, ratio, weight, epochs, auxClassifier, ema, baseChannels,
            batchSize, diffAugment, loss, casRows, casMonitorEvery, data, output,
        };
        command.SetAction(r => Run(new AugmentSettings(
            r.GetValue(perClass), r.GetValue(unlabelled), r.GetValue(imbalanced), r.GetValue(smallCount), r.GetValue(seeds), r.GetValue(classifier)!,
            r.GetValue(validate), r.GetValue(ratio), r.GetValue(weight), r.GetValue(epochs), r.GetValue(auxClassifier), r.GetValue(ema),
            r.GetValue(baseChannels), r.GetValue(batchSize), r.GetValue(diffAugment), r.GetValue(loss), r.GetValue(casRows), r.GetValue(casMonitorEvery),
            r.GetValue(data), Path.GetFullPath(r.GetValue(output)!))));
        return command;
    }

    public static int Run(AugmentSettings settings)
    {
        Directory.CreateDirectory(settings.Output);
        var ml = new MLContext(seed: 1);
        var (trainImages, trainLabels) = TrainCommand.DataFiles(settings.DataFolder, train: true);
        var (testImages, testLabels) = TrainCommand.DataFiles(settings.DataFolder, train: false);
        var small = settings.Imbalanced ? new HashSet<string> { "T-shirt/top", "Trouser", "Pullover" } : null;
        var train = AugmentData.Load(ml, trainImages, trainLabels, settings.PerClass, settings.UnlabelledPerClass, small, settings.SmallCount);
        var test = IdxDataLoader.Load(ml, testImages, testLabels);
        // Checkpoint choice by CAS scores on training-file images the GAN and the classifier never see.
        var validation = settings.CasMonitorEvery > 0
            ? AugmentData.Slice(ml, trainImages, trainLabels, skip: Math.Max(settings.PerClass, small is null ? 0 : settings.SmallCount) + settings.UnlabelledPerClass, take: 100)
            : null;
        long trainRows = train.GetRowCount() ?? 0, testRows = test.GetRowCount() ?? 0;
        AnsiConsole.MarkupLine(Markup.Escape($"Augmentation experiment: {trainRows} training images ({settings.Describe()}), {testRows} test images, {settings.Seeds} seed(s), {settings.Classifier} classifier."));

        var runs = new List<AugmentRun>();
        for (int seed = 1; seed <= settings.Seeds; seed++)
        {
            AnsiConsole.MarkupLine($"seed {seed}: training the GAN and the classifiers…");
            var run = AugmentRun.Execute(settings, train, test, seed, small, validation);
            runs.Add(run);
            AnsiConsole.MarkupLine(Markup.Escape($"seed {seed}: {run.Summary()}"));
        }
        AugmentReport.Write(settings, runs, trainRows, testRows);
        return 0;
    }
}

/// <summary>The augment command's options, bound in <see cref="AugmentCommand.Create"/>.</summary>
internal sealed record AugmentSettings(
    int PerClass, int UnlabelledPerClass, bool Imbalanced, int SmallCount, int Seeds, string Classifier, bool Validate, float Ratio, float Weight,
    int? Epochs, bool? AuxiliaryClassifier, float Ema, int BaseChannels, int BatchSize, DiffAugmentPolicy DiffAugment, GanLoss Loss,
    int CasRows, int CasMonitorEvery, string? DataFolder, string Output)
{
    public string Describe() =>
        $"{PerClass} labelled per class" + (Imbalanced ? $", {SmallCount} in each of 3 small classes" : "") + (UnlabelledPerClass > 0 ? $", {UnlabelledPerClass} unlabelled per class" : "") +
        $"; GAN: DCGAN {BaseChannels} ch, batch {BatchSize}, epochs {(Epochs?.ToString() ?? "budget")}, DiffAugment {DiffAugment}, loss {Loss}, EMA {Ema}, aux. classifier {AuxiliaryClassifier?.ToString() ?? "auto"}; " +
        $"augmentation: {(Validate ? "validated" : "fixed")}, ratio {Ratio}, weight {Weight}" + (CasMonitorEvery > 0 ? $"; best-CAS epoch of every {CasMonitorEvery}" : "");

    public IEstimator<ITransformer> Trainer(MLContext ml, bool weighted) => Classifier switch
    {
        "sdca" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", exampleWeightColumnName: weighted ? "Weight" : null),
        "lightgbm" => ml.MulticlassClassification.Trainers.LightGbm("Label", "Pixels", exampleWeightColumnName: weighted ? "Weight" : null),
        _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Pixels", exampleWeightColumnName: weighted ? "Weight" : null),
    };

    public GanOptions Gan(int seed) => new()
    {
        ImageShape = new ImageShape(1, 28, 28), Epochs = Epochs, BatchSize = BatchSize, DcganBaseChannels = BaseChannels,
        FeatureRange = new ValueRange(0, 255), Seed = seed, DiffAugment = DiffAugment, GeneratorEmaDecay = Ema, AuxiliaryClassifier = AuxiliaryClassifier, Loss = Loss,
    };
}
