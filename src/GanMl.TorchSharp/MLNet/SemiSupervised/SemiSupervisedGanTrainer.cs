using System.Globalization;
using GanMl.Onnx;
using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace GanMl;

/// <summary>
/// Trains a multiclass classifier from a few labelled rows and many unlabelled ones: the discriminator of a
/// semi-supervised GAN (Salimans et al. 2016) learns the K classes from the labelled rows, and what real rows look like
/// from every row and the generator's rows. Rows whose label key is missing (0) are the unlabelled rows.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Input and output columns
/// | Input column name | Column type | Description |
/// | -- | -- | -- |
/// | `Label` (LabelColumnName) | key type | The class; a missing key (0) marks an unlabelled row. |
/// | `Features` (FeatureColumnName) | known-size vector of <xref:System.Single> | The row's features, e.g. ExtractPixels output. |
///
/// | Output column name | Column type | Description |
/// | -- | -- | -- |
/// | `Score` | vector of <xref:System.Single> | One probability per class, in key order. |
/// | `PredictedLabel` | key type | The most probable class, with the label's key values. |
/// | `SemiSupervisedGan.Hidden` | vector of <xref:System.Single> | The classifier's last hidden layer, which the scoring step reads. |
///
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Machine learning task | Multiclass classification |
/// | Is normalization required? | No: the value range is learned at Fit |
/// | Is caching required? | No: Fit reads the data once into memory |
/// | Required NuGet in addition to Microsoft.ML | GanMl.TorchSharp (TorchSharp to train); scoring needs only its dependency GanMl (ONNX Runtime) |
/// | Exportable to ONNX | Yes, through <xref:GanMl.SemiSupervisedGanModel.ExportOnnx(System.String)> |
///
/// Fit returns ML.NET's own transformers (ApplyOnnxModel, then a maximum-entropy scoring step holding the classifier's
/// head), so `PredictionEngine`, `Evaluate` and `ml.Model.Save`/`Load` work, and scoring needs no TorchSharp.
/// Training details and measured accuracy: docs/semi-supervised.md.
/// ]]></format>
/// </remarks>
public sealed class SemiSupervisedGanTrainer : IEstimator<TransformerChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>>
{
    /// <summary>Training steps the default epoch count aims at (see <see cref="SemiSupervisedGanOptions.Epochs"/>).</summary>
    public const int DefaultStepBudget = 3_000;

    /// <summary>The column of the classifier's last hidden layer that the scoring step reads.</summary>
    public const string HiddenColumnName = "SemiSupervisedGan.Hidden";

    private readonly IHostEnvironment _environment;

    internal SemiSupervisedGanTrainer(IHostEnvironment environment, SemiSupervisedGanOptions options)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        CheckOptions(options);
    }

    /// <summary>The options this trainer was created with.</summary>
    public SemiSupervisedGanOptions Options { get; }

    /// <summary>What the last <see cref="Fit"/> learned: history, best epoch, ONNX export and featurizer. Null before the first Fit.</summary>
    public SemiSupervisedGanModel? LastModel { get; private set; }

    /// <summary>Trains the classifier on <paramref name="input"/> and returns ML.NET's scoring transformers for it.</summary>
    public TransformerChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = _environment.Register(nameof(SemiSupervisedGanTrainer));
        using var channel = host.Start("Training a semi-supervised GAN classifier");
        var (classCount, classNames) = CheckLabel(input.Schema);
        var cancel = MLContextAccess.CancellationCheck(_environment, Options.CancellationToken);
        var rows = SslRows.Read(input, Options.FeatureColumnName, Options.LabelColumnName, cancel);
        if (Options.ImageShape is { } shape && shape.Size != rows.FeatureSize)
            throw new ArgumentException($"ImageShape {shape} holds {shape.Size} values but feature column '{Options.FeatureColumnName}' has {rows.FeatureSize}.", nameof(Options.ImageShape));
        int seed = Options.Seed ?? MLContextAccess.Seed(_environment);
        var split = SslSplit.Make(rows.Keys, classCount, Options.ValidationFraction, seed);
        CheckLabelledRows(split, classNames, channel);

        // The MLP by default, images too: with the convolutional network the unlabelled rows did not raise accuracy (docs/semi-supervised.md).
        bool convolutional = Options.Convolutional ?? false;
        if (convolutional && Options.ImageShape is null)
            throw new ArgumentException("Convolutional = true needs ImageShape: the classifier must know the images' channels, height and width.", nameof(Options.Convolutional));
        var spec = new SslNetworkSpec
        {
            FeatureSize = rows.FeatureSize, ClassCount = classCount, ImageShape = Options.ImageShape,
            Convolutional = convolutional, LatentDimension = Options.LatentDimension, ConvolutionChannels = Options.ConvolutionChannels,
            // The MLP: the paper's Gaussian noise 0.3 on the input and 0.5 between layers; the convolutional network: 0.15 and dropout 0.3 (measured).
            InputNoise = convolutional ? 0.15f : 0.3f, HiddenNoise = convolutional ? 0.3f : 0.5f,
        };
        // With every row labelled the GAN term did not raise accuracy and cost 4.5 times the fit time (docs/semi-supervised.md), so the default turns it off.
        int unlabelled = rows.Count - split.LabelledCount;
        float unsupervisedWeight = Options.UnsupervisedWeight ?? (unlabelled > 0 ? 1f : 0f);
        var training = new SslTrainingOptions
        {
            BatchSize = Options.BatchSize, LearningRate = Options.LearningRate ?? (convolutional ? 2e-3f : 3e-3f), UnsupervisedWeight = unsupervisedWeight,
            MinStepsPerEpoch = Options.MinStepsPerEpoch, Seed = seed, Deterministic = Options.Deterministic,
            // Measured on Fashion-MNIST (docs/semi-supervised.md): a moving average of the weights classifies, and the
            // learning rate falls to 0 over the last 30 % of the run; both made the last epochs stable. Translations of
            // up to 2 pixels help the convolutional network and hurt the MLP.
            AverageDecay = 0.999f, DecayShare = 0.3f, Translation = convolutional ? 2 : 0,
        };
        int steps = Math.Max(rows.Count / Options.BatchSize, Options.MinStepsPerEpoch);
        int epochs = Options.Epochs ?? Math.Clamp((int)Math.Ceiling(DefaultStepBudget / (double)steps), 10, 100);
        string ganTerm = unsupervisedWeight > 0 ? string.Create(CultureInfo.InvariantCulture, $"GAN term weight {unsupervisedWeight}.")
            : Options.UnsupervisedWeight is null ? "no unlabelled rows, so the GAN term is off (set UnsupervisedWeight to turn it on)." : "GAN term off (UnsupervisedWeight = 0).";
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"Semi-supervised GAN: {split.Training.Count} labelled rows for training, {split.Validation.Count} held out, {unlabelled} unlabelled, " +
            $"{classCount} classes, {rows.FeatureSize} features in [{rows.Minimum}, {rows.Maximum}]; {epochs} epochs of {steps} steps; {ganTerm}"));

        using var trainer = new SslGanTrainer(spec, training);
        ConvolutionReport.Log(channel, trainer.ConvolutionDecisions);
        using var data = new SslTrainingData(rows.Scaled(split.Training), split.Training.Select(i => (long)rows.Keys[i] - 1).ToArray(),
            rows.Scaled(Enumerable.Range(0, rows.Count).ToArray()), rows.FeatureSize);
        var validationRows = rows.Scaled(split.Validation);
        var validationLabels = split.Validation.Select(i => (long)rows.Keys[i] - 1).ToArray();
        var history = SslEpochLoop.Run(trainer, data, validationRows, validationLabels, epochs, Options, channel, cancel);

        var network = SslClassifierExport.ToNetwork(trainer.Classifier, rows.FeatureSize, rows.Minimum, rows.Maximum);
        LastModel = new SemiSupervisedGanModel(network, Options.FeatureColumnName, classNames, history.Epochs, history.BestEpoch);
        return BuildScoringChain(input, LastModel);
    }

    /// <summary>The input columns plus the hidden layer, <c>Score</c> and <c>PredictedLabel</c>.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShapes.CheckKnownSizeVector(inputSchema, Options.FeatureColumnName);
        var label = SchemaShapes.Find(inputSchema, Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{Options.LabelColumnName}' was not found.");
        if (!label.IsKey) throw new ArgumentOutOfRangeException(nameof(inputSchema), NotAKey(SchemaShapes.Describe(label)));
        return SchemaShapes.With(inputSchema,
            SchemaShapes.Column(HiddenColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single),
            SchemaShapes.Column(Options.ScoreColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single),
            // The predicted key carries the label's key values, as ML.NET's multiclass trainers' does.
            SchemaShapes.Column(Options.PredictedLabelColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, isKey: true,
                new SchemaShape(label.Annotations.Where(a => a.Name == KeyValues.Kind))));
    }

    private TransformerChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>> BuildScoringChain(IDataView input, SemiSupervisedGanModel model)
    {
        var names = new ClassifierOnnxBuilder.Names(Options.FeatureColumnName, null, HiddenColumnName, null);
        using var bytes = new MemoryStream(model.Onnx(names));
        // Fit reads only the schema of its input.
        var hidden = MLContextAccess.Transforms(_environment)
            .ApplyOnnxModel([HiddenColumnName], [Options.FeatureColumnName], bytes, gpuDeviceId: null, fallbackToCpu: true)
            .Fit(input);
        var head = model.Network.Head;
        var scoring = MulticlassHead.Create(_environment, head.Weight, head.Bias, model.ClassNames, hidden.GetOutputSchema(input.Schema),
            HiddenColumnName, Options.LabelColumnName, Options.ScoreColumnName, Options.PredictedLabelColumnName);
        return new TransformerChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>(hidden, scoring);
    }

    private (int Classes, string[] Names) CheckLabel(DataViewSchema schema)
    {
        SchemaShapes.CheckKnownSizeVector(schema, Options.FeatureColumnName, nameof(Options.FeatureColumnName));
        var label = schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(Options.LabelColumnName), $"Label column '{Options.LabelColumnName}' was not found. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        if (label.Type is not KeyDataViewType key || key.RawType != typeof(uint))
            throw new ArgumentOutOfRangeException(nameof(Options.LabelColumnName), NotAKey(label.Type.ToString() ?? "?"));
        int classes = (int)key.Count;
        if (classes == 0) throw new InvalidOperationException(NoLabelledRows);
        string[] names = KeyValues.Read(label)?.Names ?? Enumerable.Range(1, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return (classes, names);
    }

    private string NoLabelledRows =>
        $"Label column '{Options.LabelColumnName}' has no labelled rows (every key is missing); the classifier needs labelled rows of at least 2 classes.";

    private string OneClass(string name) =>
        $"Label column '{Options.LabelColumnName}' has labelled rows of 1 class only ({name}); a classifier needs at least 2.";

    private string NotAKey(string type) =>
        $"Label column '{Options.LabelColumnName}' has type {type}; expected a key type (UInt32). Apply ml.Transforms.Conversion.MapValueToKey(\"{Options.LabelColumnName}\") first: " +
        "rows whose value is missing (an empty text, NaN) then get key 0 and train as unlabelled rows.";

    private void CheckLabelledRows(SslSplit split, IReadOnlyList<string> classNames, IChannel channel)
    {
        if (split.LabelledCount == 0) throw new InvalidOperationException(NoLabelledRows);
        var present = split.ClassCounts.Count(c => c > 0);
        if (present < 2) throw new InvalidOperationException(OneClass(classNames[Array.FindIndex(split.ClassCounts, c => c > 0)]));
        var missing = classNames.Where((_, i) => split.ClassCounts[i] == 0).ToList();
        if (missing.Count > 0)
            channel.Warning(MessageSensitivity.None, $"Classes with no labelled row cannot be learned and will rarely be predicted: {string.Join(", ", missing)}.");
    }

    private static void CheckOptions(SemiSupervisedGanOptions o)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(o.FeatureColumnName, nameof(o.FeatureColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(o.LabelColumnName, nameof(o.LabelColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(o.ScoreColumnName, nameof(o.ScoreColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(o.PredictedLabelColumnName, nameof(o.PredictedLabelColumnName));
        if (o.Epochs is < 1) throw new ArgumentOutOfRangeException(nameof(o.Epochs), o.Epochs, "Epochs must be at least 1 (or null for the default budget).");
        if (o.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(o.BatchSize), o.BatchSize, "BatchSize must be at least 2.");
        if (o.MinStepsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(o.MinStepsPerEpoch), o.MinStepsPerEpoch, "MinStepsPerEpoch must be at least 1.");
        if (o.LearningRate is { } lr && (!(lr > 0) || float.IsInfinity(lr))) throw new ArgumentOutOfRangeException(nameof(o.LearningRate), lr, "LearningRate must be a positive finite number.");
        if (o.UnsupervisedWeight is { } uw && (!(uw >= 0) || float.IsInfinity(uw)))
            throw new ArgumentOutOfRangeException(nameof(o.UnsupervisedWeight), uw, "UnsupervisedWeight must be a finite number ≥ 0 (or null: 1 with unlabelled rows, 0 without).");
        if (o.LatentDimension < 1) throw new ArgumentOutOfRangeException(nameof(o.LatentDimension), o.LatentDimension, "LatentDimension must be at least 1.");
        if (o.ConvolutionChannels < 1) throw new ArgumentOutOfRangeException(nameof(o.ConvolutionChannels), o.ConvolutionChannels, "ConvolutionChannels must be at least 1.");
        if (!(o.ValidationFraction >= 0 && o.ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(o.ValidationFraction), o.ValidationFraction, "ValidationFraction must be in [0, 1).");
        if (o.EarlyStoppingPatience < 0) throw new ArgumentOutOfRangeException(nameof(o.EarlyStoppingPatience), o.EarlyStoppingPatience, "EarlyStoppingPatience must be ≥ 0 (0: never stop early).");
    }
}
