using System.Diagnostics;
using System.Text.Json;
using GanMl.Imaging;
using Microsoft.ML;
using Spectre.Console;

namespace GanMl.Examples;

/// <summary>
/// The augmentation experiment: the same ML.NET classifier trained on N real images per class, without and with
/// <c>AppendGanAugmentation</c> (a conditional DCGAN), scored on the held-out test set, over several seeds.
/// A measurement, not a promise: whatever comes out is reported.
/// </summary>
internal static class AugmentCommand
{
    public static int Run(CommandLine args)
    {
        if (args.Flag("help"))
        {
            Console.WriteLine("""
                augment options (defaults in brackets):
                  --per-class N [100]     real training images per class
                  --seeds N [3]           runs with seeds 1..N
                  --ratio X [1.0]         synthetic rows per real row
                  --candidates X [1.0]    draw X candidates per synthetic row, keep those D scores most real
                  --epochs N [60]         GAN epochs          --base-channels N [32]   --batch-size N [64]
                  --diffaugment none|all|color|translation|cutout [all]
                  --arch dcgan|mlp [dcgan]                    --trainer sdca|lbfgs [lbfgs]
                  --data DIR  folder with train-* and t10k-* IDX files [shipped subset]
                  --out DIR [runs/augment]
                """);
            return 0;
        }
        int perClass = args.Int("per-class", 100), seeds = args.Int("seeds", 3), epochs = args.Int("epochs", 60);
        int baseChannels = args.Int("base-channels", 32), batchSize = args.Int("batch-size", 64);
        double ratio = args.Float("ratio", 1f);
        double candidates = args.Float("candidates", 1f);
        var arch = args.Enum("arch", GanArchitecture.Dcgan);
        var diffAugment = args.Enum("diffaugment", GanMl.Torch.DiffAugmentPolicy.All);
        string trainerName = args.String("trainer", "lbfgs");
        string? dataFolder = args.OptionalString("data");
        string output = Path.GetFullPath(args.String("out", Path.Combine("runs", "augment")));
        args.RejectUnknown();
        if (trainerName is not ("sdca" or "lbfgs")) throw new ArgumentException($"--trainer must be sdca or lbfgs, got '{trainerName}'.");
        Directory.CreateDirectory(output);

        var ml = new MLContext(seed: 1);
        var (trainImages, trainLabels) = dataFolder is null ? FashionMnistSubset.GetPaths(train: true) : TrainCommand.IdxFiles(dataFolder, "train");
        var (testImages, testLabels) = dataFolder is null ? FashionMnistSubset.GetPaths(train: false) : TrainCommand.IdxFiles(dataFolder, "t10k");
        var train = IdxDataLoader.Load(ml, trainImages, trainLabels, new IdxLoadOptions { MaxRowsPerClass = perClass });
        var test = IdxDataLoader.Load(ml, testImages, testLabels);
        long trainRows = train.GetRowCount() ?? 0, testRows = test.GetRowCount() ?? 0;
        AnsiConsole.MarkupLine($"Augmentation experiment: {trainRows} real training images ({perClass} per class), {testRows} test images, {seeds} seed(s), {trainerName} classifier, conditional {arch} GAN for {epochs} epochs, {ratio} synthetic row(s) per real row.");

        var results = new List<object>();
        var table = new Table().AddColumns("seed", "accuracy without GAN", "accuracy with GAN", "difference", "GAN seconds");
        var baseline = new List<double>();
        var augmented = new List<double>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var context = new MLContext(seed: seed);
            var clock = Stopwatch.StartNew();
            var plain = context.Transforms.Conversion.MapValueToKey("Label")
                .Append(context.Transforms.NormalizeMinMax("Pixels"))
                .Append(Trainer(context, trainerName));
            double without = Accuracy(context, plain.Fit(train), test);

            GanTransformer? gan = null;
            var options = new GanAugmentationOptions
            {
                FeatureColumnName = "Pixels", LabelColumnName = "Label", SyntheticRowsPerRealRow = ratio, CandidatesPerSyntheticRow = candidates,
                Gan = new GanOptions
                {
                    Architecture = arch, ImageShape = new ImageShape(1, 28, 28), Epochs = epochs, BatchSize = batchSize,
                    DcganBaseChannels = baseChannels, FeatureRange = new ValueRange(0, 255), Seed = seed, DiffAugment = diffAugment,
                },
                GanFitted = g => gan = g,
            };
            var withGan = context.Transforms.Conversion.MapValueToKey("Label")
                .AppendGanAugmentation(options)
                .Append(context.Transforms.NormalizeMinMax("Pixels"))
                .Append(Trainer(context, trainerName));
            // No Spectre status spinner: its thread would allocate while torch runs native code (see BatchReader).
            AnsiConsole.MarkupLine($"seed {seed}: training the GAN and the classifier…");
            var model = withGan.Fit(train);
            double with = Accuracy(context, model, test);
            double ganSeconds = gan!.History.Sum(h => h.Seconds);
            string grid = Path.Combine(output, $"samples_seed{seed}.png");
            SampleGrid.Write(gan, grid, seed: 99);
            gan.Dispose();

            baseline.Add(without);
            augmented.Add(with);
            table.AddRow($"{seed}", $"{without:P2}", $"{with:P2}", $"{with - without:+0.00%;-0.00%}", $"{ganSeconds:F0}");
            results.Add(new { seed, accuracyWithout = without, accuracyWith = with, ganSeconds, totalSeconds = clock.Elapsed.TotalSeconds, grid });
        }
        table.AddRow("mean", $"{baseline.Average():P2}", $"{augmented.Average():P2}", $"{augmented.Average() - baseline.Average():+0.00%;-0.00%}", "");
        AnsiConsole.Write(table);
        string json = Path.Combine(output, "augment.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new
        {
            command = "augment", perClass, trainRows, testRows, trainer = trainerName, architecture = arch.ToString(), diffAugment = diffAugment.ToString(), epochs, ratio, candidates, baseChannels, batchSize,
            meanAccuracyWithout = baseline.Average(), meanAccuracyWith = augmented.Average(), runs = results,
        }, new JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(json)} and one sample grid per seed (columns = classes).");
        return 0;
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, string name) => name == "sdca"
        ? ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels")
        : ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Pixels");

    private static double Accuracy(MLContext ml, ITransformer model, IDataView test) =>
        ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
}
