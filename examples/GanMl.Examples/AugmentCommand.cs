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
    public static int Run(CommandLine args)
    {
        if (args.Flag("help"))
        {
            Console.WriteLine("""
                augment options (defaults in brackets):
                  --per-class N [100]            labelled real training images per class
                  --unlabelled-per-class N [0]   extra training images per class without their label (semi-supervised GAN)
                  --imbalanced                   3 classes (T-shirt/top, Trouser, Pullover) with --small-count images, the rest with --per-class;
                                                 compares no balancing, random oversampling and GAN balancing by macro recall
                  --small-count N [20]           images of each small class with --imbalanced
                  --seeds N [3]                  runs with seeds 1..N
                  --classifier lbfgs|sdca|lightgbm [lbfgs]
                  --validate true|false [true]   validated augmentation (hold out 20% of the real rows to choose the amount)
                  --ratio X [1.0]                synthetic rows per real row (without validation; a candidate with it)
                  --weight W [1.0]               synthetic row weight (through a weight column)
                  --epochs N [budget]            GAN epochs (default: the recipe's rows-seen budget)
                  --aux-classifier true|false [on only with unlabelled rows]  --ema X [0: off]  --base-channels N [32]  --batch-size N [64]
                  --diffaugment none|all|color|translation|cutout [all]   --loss nonsaturating|minimax|hinge [hinge]
                  --cas-rows N [1000]            generated rows per class for CAS and FID
                  --cas-monitor-every N [0]      keep the GAN epoch with the best CAS, scored every N epochs on 100 further
                                                 training-file images per class (not the test set); 0: off
                  --data DIR                     folder with train-* and t10k-* IDX files [shipped subset]
                  --out DIR [runs/augment]
                """);
            return 0;
        }
        var settings = new Settings(args);
        args.RejectUnknown();
        Directory.CreateDirectory(settings.Output);
        var ml = new MLContext(seed: 1);
        var (trainImages, trainLabels) = settings.DataFolder is null ? FashionMnistSubset.GetPaths(train: true) : TrainCommand.IdxFiles(settings.DataFolder, "train");
        var (testImages, testLabels) = settings.DataFolder is null ? FashionMnistSubset.GetPaths(train: false) : TrainCommand.IdxFiles(settings.DataFolder, "t10k");
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

/// <summary>The command's options.</summary>
internal sealed class Settings
{
    public Settings(CommandLine args)
    {
        PerClass = args.Int("per-class", 100);
        UnlabelledPerClass = args.Int("unlabelled-per-class", 0);
        Imbalanced = args.Flag("imbalanced");
        SmallCount = args.Int("small-count", 20);
        Seeds = args.Int("seeds", 3);
        Classifier = args.String("classifier", "lbfgs");
        Validate = args.Flag("validate", true);
        Ratio = args.Float("ratio", 1f);
        Weight = args.Float("weight", 1f);
        Epochs = args.OptionalString("epochs") is null ? null : args.Int("epochs", 0);
        AuxiliaryClassifier = args.OptionalString("aux-classifier") is null ? null : args.Flag("aux-classifier");
        Ema = args.Float("ema", 0f);
        BaseChannels = args.Int("base-channels", 32);
        BatchSize = args.Int("batch-size", 64);
        DiffAugment = args.Enum("diffaugment", DiffAugmentPolicy.All);
        Loss = args.Enum("loss", GanLoss.Hinge);
        CasRows = args.Int("cas-rows", 1000);
        CasMonitorEvery = args.Int("cas-monitor-every", 0);
        DataFolder = args.OptionalString("data");
        Output = Path.GetFullPath(args.String("out", Path.Combine("runs", "augment")));
        if (Classifier is not ("sdca" or "lbfgs" or "lightgbm")) throw new ArgumentException($"--classifier must be lbfgs, sdca or lightgbm, got '{Classifier}'.");
        if (PerClass < 2 || UnlabelledPerClass < 0 || Seeds < 1 || CasRows < 1 || SmallCount < 2) throw new ArgumentException("--per-class and --small-count must be at least 2, --unlabelled-per-class at least 0, --seeds and --cas-rows at least 1.");
    }

    public int PerClass { get; }
    public int UnlabelledPerClass { get; }
    public bool Imbalanced { get; }
    public int SmallCount { get; }
    public int Seeds { get; }
    public string Classifier { get; }
    public bool Validate { get; }
    public float Ratio { get; }
    public float Weight { get; }
    public int? Epochs { get; }
    public bool? AuxiliaryClassifier { get; }
    public float Ema { get; }
    public int BaseChannels { get; }
    public int BatchSize { get; }
    public DiffAugmentPolicy DiffAugment { get; }
    public GanLoss Loss { get; }
    public int CasRows { get; }
    public int CasMonitorEvery { get; }
    public string? DataFolder { get; }
    public string Output { get; }

    public string Describe() =>
        $"{PerClass} labelled per class" + (Imbalanced ? $", {SmallCount} in each of 3 small classes" : "") + (UnlabelledPerClass > 0 ? $", {UnlabelledPerClass} unlabelled per class" : "") +
        $"; GAN: Dcgan {BaseChannels} ch, batch {BatchSize}, epochs {(Epochs?.ToString() ?? "budget")}, DiffAugment {DiffAugment}, loss {Loss}, EMA {Ema}, aux. classifier {AuxiliaryClassifier?.ToString() ?? "auto"}; " +
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
