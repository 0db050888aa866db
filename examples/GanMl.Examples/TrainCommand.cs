using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using GanMl.Imaging;
using Microsoft.ML;
using Spectre.Console;

namespace GanMl.Examples;

/// <summary>
/// The main example: trains a GAN on Fashion-MNIST (the subset shipped in data/ by default) through the ML.NET API and
/// writes sample grids at several stages, a loss plot, the model and a JSON record of the run.
/// Options mirror the classic PyTorch GAN tutorial's arguments.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var arch = Cli.Enum("--arch", "Network architecture.", GanArchitecture.Dcgan);
        var mlpPreset = Cli.Enum("--mlp-preset", "MLP layer preset (with --arch mlp).", MlpPreset.Classic);
        var epochs = Cli.Option("--epochs", "Training epochs.", 30).Where(v => v >= 1, "must be at least 1.");
        var batchSize = Cli.Option("--batch-size", "Mini-batch size.", 64).Where(v => v >= 1, "must be at least 1.");
        var lr = Cli.Float("--lr", "Adam learning rate.", 2e-4f);
        var b1 = Cli.Float("--b1", "Adam beta1.", 0.5f);
        var b2 = Cli.Float("--b2", "Adam beta2.", 0.999f);
        var latentDim = Cli.Option("--latent-dim", "Noise dimension of the generator.", 100);
        var imgSize = Cli.Option("--img-size", "Image side in pixels (IDX data is 28; other sizes need --images).", 28);
        var channels = Cli.Option("--channels", "Image channels, 1 or 3 (IDX data is 1).", 1);
        var baseChannels = Cli.Option("--base-channels", "DCGAN base channels.", 32);
        var conditional = Cli.Option("--conditional", "Label-conditional GAN (true|false).", true);
        var k = Cli.Option("--k", "Discriminator steps per generator step.", 1);
        var loss = Cli.Enum("--loss", "Adversarial loss.", GanLoss.NonSaturating);
        var seed = Cli.Option("--seed", "Random seed.", 1);
        var diffAugment = Cli.Enum("--diffaugment", "DiffAugment policy.", DiffAugmentPolicy.None);
        var fidEvery = Cli.Option("--fid-every", "FID of 1,000 generated rows against the training rows every N epochs (0: off); the model is then the generator of the epoch with the lowest FID.", 5);
        var fidModel = Cli.Optional<string>("--fid-model", "ONNX feature extractor for FID [default: the offline Fashion-MNIST CNN in data/models; its FIDs are not comparable with published InceptionV3 FIDs].", "FILE");
        var perClass = Cli.Option("--per-class", "Training images per class from IDX data.", 500);
        var samples = Cli.Option("--samples", "Sample grids written over the run (epoch 1, then evenly spaced to the last).", 5);
        var data = Cli.Optional<string>("--data", "Folder with train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) [default: the shipped Fashion-MNIST subset].", "DIR");
        var images = Cli.Optional<string>("--images", "Folder of images, one sub-folder per class (resized to --img-size, --channels 1 or 3) [default: none, IDX data].", "DIR");
        var output = Cli.Option("--out", "Output folder.", Path.Combine("runs", "train"));
        output.HelpName = "DIR";
        var command = new Command("train", "Train a GAN on Fashion-MNIST and write sample grids, a loss plot, the model and run.json.")
        {
            arch, mlpPreset, epochs, batchSize, lr, b1, b2, latentDim, imgSize, channels, baseChannels, conditional, k, loss, seed, diffAugment,
            fidEvery, fidModel, perClass, samples, data, images, output,
        };
        command.SetAction(r => Run(new TrainSettings(
            r.GetValue(arch), r.GetValue(mlpPreset), r.GetValue(epochs), r.GetValue(batchSize), r.GetValue(lr), r.GetValue(b1), r.GetValue(b2),
            r.GetValue(latentDim), r.GetValue(imgSize), r.GetValue(channels), r.GetValue(baseChannels), r.GetValue(conditional), r.GetValue(k),
            r.GetValue(loss), r.GetValue(seed), r.GetValue(diffAugment), r.GetValue(fidEvery), r.GetValue(fidModel), r.GetValue(perClass),
            r.GetValue(samples), r.GetValue(data), r.GetValue(images), r.GetValue(output)!)));
        return command;
    }

    public static int Run(TrainSettings settings)
    {
        var options = new GanOptions
        {
            FeatureColumnName = "Pixels",
            Architecture = settings.Architecture,
            MlpPreset = settings.MlpPreset,
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            LearningRate = settings.LearningRate,
            Beta1 = settings.Beta1,
            Beta2 = settings.Beta2,
            LatentDimension = settings.LatentDimension,
            DcganBaseChannels = settings.BaseChannels,
            DiscriminatorSteps = settings.DiscriminatorSteps,
            Loss = settings.Loss,
            Seed = settings.Seed,
            FeatureRange = new ValueRange(0, 255),
            DiffAugment = settings.DiffAugment,
        };
        int size = settings.ImageSize, channels = settings.Channels;
        bool conditional = settings.Conditional;
        int perClass = settings.PerClass, sampleGrids = Math.Max(1, settings.Samples);
        int fidEvery = settings.FidEvery;
        string fidModel = settings.FidModel ?? Path.Combine(AppContext.BaseDirectory, "models", "fmnist_cnn64.onnx");
        string? dataFolder = settings.DataFolder, imageFolder = settings.ImageFolder;
        string output = Path.GetFullPath(settings.Output);

        var ml = new MLContext(seed: options.Seed);
        IDataView data;
        string source;
        if (imageFolder is not null)
        {
            source = imageFolder;
            data = ImageFolderLoader.Load(ml, imageFolder, new ImageFolderOptions { Width = size, Height = size, Grayscale = channels == 1 });
        }
        else
        {
            if (size != 28 || channels != 1)
                throw new ArgumentException($"IDX data is 1×28×28; --img-size {size} --channels {channels} needs an image folder (--images DIR).");
            var (imagesPath, labelsPath) = DataFiles(dataFolder, train: true);
            source = imagesPath;
            data = IdxDataLoader.Load(ml, imagesPath, labelsPath, new IdxLoadOptions { MaxRowsPerClass = perClass });
        }
        options.ImageShape = new ImageShape(channels, size, size);
        options.LabelColumnName = conditional ? "Label" : null;
        if (fidEvery > 0)
        {
            options.FidMonitor = new GanFidMonitor
            {
                EveryEpochs = fidEvery, SampleCount = 1000,
                Fid = new FidOptions
                {
                    FeatureColumnName = "FidFeatures", OnnxModelPath = fidModel, OnnxInputName = "input", OnnxOutputName = "features", InputSize = 32,
                    InputColumnName = "Pixels", PixelChannels = channels, PixelHeight = size, PixelWidth = size, PixelMinValue = 0, PixelMaxValue = 255,
                },
            };
        }
        long rows = data.GetRowCount() ?? ml.Data.CreateEnumerable<object>(data, false).LongCount();
        Directory.CreateDirectory(output);

        var sampleEpochs = Enumerable.Range(1, sampleGrids).Select(i => (int)Math.Ceiling(options.Epochs!.Value * (double)i / sampleGrids)).ToHashSet();
        sampleEpochs.Add(1);
        var grids = new List<string>();
        var clock = Stopwatch.StartNew();
        GanTransformer? gan = null;
        AnsiConsole.MarkupLine($"Training a [bold]{(conditional ? "conditional " : "")}{ArchitectureName(settings.Architecture)}[/] GAN on {rows} images ({Markup.Escape(source)}) for {options.Epochs} epochs; output in {Markup.Escape(output)}");
        // AutoRefresh off: Spectre's refresh thread would allocate while torch runs native code (see BatchReader).
        AnsiConsole.Progress()
            .AutoRefresh(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: options.Epochs!.Value * (double)rows);
                var refreshClock = Stopwatch.StartNew();
                options.Progress = new InlineProgress<GanProgress>(p =>
                {
                    task.Value = (p.Epoch - 1) * (double)rows + p.RowsSeen;
                    task.Description = $"epoch {p.Epoch}/{p.TotalEpochs}  D {p.DiscriminatorLoss:F3}  G {p.GeneratorLoss:F3}  D(x) {p.MeanRealScore:F2}  D(G(z)) {p.MeanFakeScore:F2}  {p.ImagesPerSecond:F0} img/s";
                    if (p.IsEpochEnd || refreshClock.ElapsedMilliseconds > 250) { context.Refresh(); refreshClock.Restart(); }
                    if (p.IsEpochEnd && !Console.IsOutputRedirected) return;
                    if (p.IsEpochEnd) Console.WriteLine(task.Description);
                });
                options.EpochEnd = (record, current) =>
                {
                    if (!sampleEpochs.Contains(record.Epoch)) return;
                    string path = Path.Combine(output, $"samples_epoch_{record.Epoch:D3}.png");
                    SampleGrid.Write(current, path, seed: 1234);
                    grids.Add(path);
                };
                gan = ml.Transforms.TrainGan(options).Fit(data);
                task.Value = task.MaxValue;
            });
        using var model = gan!;
        double seconds = clock.Elapsed.TotalSeconds;

        string lossPlot = Path.Combine(output, "loss.png");
        LossPlot.Save(lossPlot, model.History.Select(h => h.DiscriminatorLoss).ToList(), model.History.Select(h => h.GeneratorLoss).ToList(),
            new LossPlotOptions
            {
                Title = $"{ArchitectureName(settings.Architecture)}{(conditional ? " (conditional)" : "")}: losses, {rows} images",
                X = model.History.Select(h => (double)h.Epoch).ToList(),
                ExtraSeries = new Dictionary<string, IReadOnlyList<double>>
                {
                    ["mean D(x)"] = model.History.Select(h => h.MeanRealScore).ToList(),
                    ["mean D(G(z))"] = model.History.Select(h => h.MeanFakeScore).ToList(),
                },
            });
        string? fidPlot = null;
        var fidPoints = model.History.Where(h => h.Fid.HasValue).ToList();
        if (fidPoints.Count > 0)
        {
            fidPlot = Path.Combine(output, "fid.png");
            MetricPlot.Save(fidPlot, fidPoints.Select(h => (double)h.Epoch).ToList(), fidPoints.Select(h => h.Fid!.Value).ToList(),
                "FID (offline Fashion-MNIST CNN features) vs epoch", "FID");
        }
        string modelPath = Path.Combine(output, "gan.zip");
        model.Save(modelPath);
        string runJson = Path.Combine(output, "run.json");
        var run = new
        {
            command = "train",
            data = new { source, rows, perClass },
            options = new
            {
                architecture = options.Architecture.ToString(), mlpPreset = options.MlpPreset.ToString(), conditional, options.Epochs, options.BatchSize,
                options.LearningRate, options.Beta1, options.Beta2, options.LatentDimension, options.DcganBaseChannels, options.DiscriminatorSteps,
                loss = options.Loss.ToString(), options.Seed, imageShape = options.ImageShape.ToString(),
            },
            seconds,
            meanImagesPerSecond = model.History.Average(h => h.ImagesPerSecond),
            history = model.History,
            fid = fidEvery > 0 ? new { model = fidModel, everyEpochs = fidEvery, samples = 1000, comparableWithInceptionFid = false, bestEpoch = fidPoints.MinBy(h => h.Fid)?.Epoch } : null,
            outputs = new { grids, lossPlot, fidPlot, model = modelPath },
        };
        File.WriteAllText(runJson, JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true }));

        var table = new Table().AddColumns("epoch", "D loss", "G loss", "D(x)", "D(G(z))", "img/s", "FID");
        foreach (var h in model.History.Where(h => sampleEpochs.Contains(h.Epoch) || h.Fid.HasValue))
            table.AddRow($"{h.Epoch}", $"{h.DiscriminatorLoss:F3}", $"{h.GeneratorLoss:F3}", $"{h.MeanRealScore:F3}", $"{h.MeanFakeScore:F3}", $"{h.ImagesPerSecond:F0}", h.Fid is { } f ? $"{f:F2}" : "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Done in {seconds:F0} s. Wrote {grids.Count} sample grids, {Markup.Escape(lossPlot)}{(fidPlot is null ? "" : ", " + Markup.Escape(fidPlot))}, {Markup.Escape(modelPath)} and {Markup.Escape(runJson)}.");
        return 0;
    }

    /// <summary>The architecture as the literature writes it: DCGAN, MLP.</summary>
    internal static string ArchitectureName(GanArchitecture architecture) => architecture.ToString().ToUpperInvariant();

    /// <summary>The training or test IDX files of <paramref name="folder"/> (--data), or of the shipped subset when it is null.</summary>
    internal static (string Images, string Labels) DataFiles(string? folder, bool train) =>
        folder is null ? FashionMnistSubset.GetPaths(train) : IdxFiles(folder, train ? "train" : "t10k");

    internal static (string Images, string Labels) IdxFiles(string folder, string prefix)
    {
        string Find(string kind)
        {
            foreach (var name in new[] { $"{prefix}-{kind}", $"{prefix}-{kind}.gz" })
                if (File.Exists(Path.Combine(folder, name))) return Path.Combine(folder, name);
            throw new ArgumentException($"--data folder '{folder}' has no {prefix}-{kind} or {prefix}-{kind}.gz file.");
        }
        return (Find("images-idx3-ubyte"), Find("labels-idx1-ubyte"));
    }
}

/// <summary>The train command's options, bound in <see cref="TrainCommand.Create"/>.</summary>
internal sealed record TrainSettings(
    GanArchitecture Architecture, MlpPreset MlpPreset, int Epochs, int BatchSize, float LearningRate, float Beta1, float Beta2,
    int LatentDimension, int ImageSize, int Channels, int BaseChannels, bool Conditional, int DiscriminatorSteps,
    GanLoss Loss, int Seed, DiffAugmentPolicy DiffAugment, int FidEvery, string? FidModel, int PerClass,
    int Samples, string? DataFolder, string? ImageFolder, string Output);

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the caller's thread.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
