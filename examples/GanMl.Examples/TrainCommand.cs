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
    public static int Run(CommandLine args)
    {
        if (args.Flag("help"))
        {
            Console.WriteLine("""
                train options (defaults in brackets):
                  --arch dcgan|mlp [dcgan]      --mlp-preset classic|minimal|deep [classic]
                  --epochs N [30]               --batch-size N [64]          --lr X [0.0002]
                  --b1 X [0.5]                  --b2 X [0.999]               --latent-dim N [100]
                  --img-size N [28]             --channels N [1]             --base-channels N [32]
                  --conditional true|false [true]   --k N (D steps per G step) [1]
                  --loss nonsaturating|minimax [nonsaturating]               --seed N [1]
                  --diffaugment none|all|color|translation|cutout [none]
                  --fid-every N [5]  FID of 1,000 generated rows against the training rows every N epochs (0: off);
                                     the model is then the generator of the epoch with the lowest FID
                  --fid-model FILE   ONNX feature extractor [the offline Fashion-MNIST CNN in data/models; its
                                     FIDs are not comparable with published InceptionV3 FIDs]
                  --per-class N [500]           --samples N (grids written over the run) [5]
                  --data DIR   folder with train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) [shipped subset]
                  --images DIR folder of images, one sub-folder per class (resized to --img-size, --channels 1 or 3)
                  --out DIR [runs/train]
                """);
            return 0;
        }
        var options = new GanOptions
        {
            FeatureColumnName = "Pixels",
            Architecture = args.Enum("arch", GanArchitecture.Dcgan),
            MlpPreset = args.Enum("mlp-preset", MlpPreset.Classic),
            Epochs = args.Int("epochs", 30),
            BatchSize = args.Int("batch-size", 64),
            LearningRate = args.Float("lr", 2e-4f),
            Beta1 = args.Float("b1", 0.5f),
            Beta2 = args.Float("b2", 0.999f),
            LatentDimension = args.Int("latent-dim", 100),
            DcganBaseChannels = args.Int("base-channels", 32),
            DiscriminatorSteps = args.Int("k", 1),
            Loss = args.Enum("loss", GanLoss.NonSaturating),
            Seed = args.Int("seed", 1),
            FeatureRange = new ValueRange(0, 255),
            DiffAugment = args.Enum("diffaugment", DiffAugmentPolicy.None),
        };
        int size = args.Int("img-size", 28), channels = args.Int("channels", 1);
        bool conditional = args.Flag("conditional", true);
        int perClass = args.Int("per-class", 500), sampleGrids = Math.Max(1, args.Int("samples", 5));
        int fidEvery = args.Int("fid-every", 5);
        string fidModel = args.String("fid-model", Path.Combine(AppContext.BaseDirectory, "models", "fmnist_cnn64.onnx"));
        string? dataFolder = args.OptionalString("data"), imageFolder = args.OptionalString("images");
        string output = Path.GetFullPath(args.String("out", Path.Combine("runs", "train")));
        args.RejectUnknown();

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
            var (imagesPath, labelsPath) = dataFolder is null ? FashionMnistSubset.GetPaths(train: true) : IdxFiles(dataFolder, "train");
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
        AnsiConsole.MarkupLine($"Training a [bold]{(conditional ? "conditional " : "")}{options.Architecture}[/] GAN on {rows} images ({Markup.Escape(source)}) for {options.Epochs} epochs; output in {Markup.Escape(output)}");
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
                Title = $"{options.Architecture} GAN, {rows} images",
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

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the caller's thread.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
