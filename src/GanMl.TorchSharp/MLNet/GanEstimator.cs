using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>Trains a GAN (MLP or DCGAN, optionally conditional on a label) on a float vector column. Create it with
/// <c>mlContext.Transforms.TrainGan</c>.</summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// To create this estimator, use [TrainGan](xref:Microsoft.ML.GanCatalog.TrainGan*).
///
/// ### Input and output columns
/// The feature column is a known-size vector of <xref:System.Single>. Values are scaled to [-1, 1] from
/// `GanOptions.FeatureRange`, or from the range seen in the data when it is not set. Image models (DCGAN, or DiffAugment)
/// read the vector as `GanOptions.ImageShape` in CHW order.
///
/// | Input column name | Column type | Description |
/// | -- | -- | -- |
/// | `FeatureColumnName` | Known-size vector of <xref:System.Single> | The rows the generator learns to imitate. |
/// | `LabelColumnName` (optional) | Key, text, boolean or numeric scalar | Makes the GAN conditional. Missing labels (key 0, empty text, NaN) train
/// the GAN unlabelled. |
///
/// | Output column name | Column type | Description |
/// | -- | -- | -- |
/// | `DiscriminatorScore` | <xref:System.Single> | Added by the transformer's `Transform`: the discriminator's probability that a row is real. |
///
/// Synthetic rows come from `GanTransformer.Generate`, with the feature column (in the training value range) and, for a
/// conditional GAN, the label column with its training type.
///
/// ### Estimator characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes |
/// | Input column data type | Known-size vector of <xref:System.Single>; optional scalar label |
/// | Output column data type | <xref:System.Single> (`DiscriminatorScore`); generated rows as the input's feature and label types |
/// | Required NuGet in addition to Microsoft.ML | GanMl.TorchSharp (TorchSharp-cpu) |
/// | Exportable to ONNX | The generator, through `GanTransformer.ExportOnnx` (not the ML.NET transform) |
///
/// The training loop streams shuffled mini-batches and does not cache the data. With the same seed, on CPU, at the default
/// thread count, training gives bit-identical weights and rows.
/// ]]></format>
/// </remarks>
/// <seealso cref="GanCatalog.TrainGan(TransformsCatalog, GanOptions)"/>
public sealed class GanEstimator : IEstimator<GanTransformer>
{
    private readonly IHostEnvironment _environment;

    internal GanEstimator(IHostEnvironment environment, GanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _environment = environment;
        // A copy: later changes to the caller's options object cannot bypass validation.
        Options = options with { };
    }

    /// <summary>The options this estimator trains with (a validated copy of the ones it was created with).</summary>
    public GanOptions Options { get; }

    /// <summary>Streams shuffled mini-batches from <paramref name="input"/> and trains the generator and discriminator.</summary>
    public GanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = _environment.Register(nameof(GanEstimator));
        using var channel = host.Start("Training GAN");
        var columns = TrainingColumns.Resolve(input.Schema, Options.FeatureColumnName, Options.LabelColumnName, Options.ImageShape);
        CheckFidMonitor();
        var cancel = MLContextAccess.CancellationCheck(_environment, Options.CancellationToken);
        var scan = TrainingDataScan.Run(input, columns, cancel);
        if (scan.Rows == 0) throw new InvalidOperationException($"The training data has no rows in feature column '{Options.FeatureColumnName}'; a GAN needs at least 2.");
        var labels = BuildCodec(columns, scan);
        // The scan counts key labels by key number, other labels by value.
        var classCounts = labels is null ? []
            : Enumerable.Range(0, labels.ClassCount).Select(i => scan.LabelCounts.GetValueOrDefault(
                labels.Kind == LabelKind.Key ? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : labels.ClassNames[i])).ToArray();
        long labelled = labels is null ? scan.Rows : classCounts.Sum();
        if (labelled < 2)
            throw new InvalidOperationException($"Feature column '{Options.FeatureColumnName}' has {labelled} usable row(s)" +
                (labels is null ? "" : $" with a label in '{Options.LabelColumnName}'") + "; a GAN needs at least 2.");
        // Rows without a label teach a conditional GAN what images look like (semi-supervised): they reach the
        // discriminator under its "no label" embedding, or only its real/fake head when it has an auxiliary classifier.
        if (scan.RowsWithoutLabel > 0)
            channel.Info(MessageSensitivity.None, $"{scan.RowsWithoutLabel} rows without a label in '{Options.LabelColumnName}' train the discriminator's real/fake judgement (semi-supervised); {labelled} labelled rows teach the classes.");
        var settings = GanRecipe.Resolve(Options, scan.Rows, labels is not null, scan.RowsWithoutLabel > 0);

        var range = Options.FeatureRange ?? new ValueRange(scan.Min, scan.Max);
        if (!(range.Max > range.Min)) throw new InvalidOperationException($"Feature column '{Options.FeatureColumnName}' is constant ({range.Min}); a GAN cannot learn it.");
        if (Options.FeatureRange is { } given && (scan.Min < given.Min || scan.Max > given.Max))
            throw new InvalidOperationException($"Feature column '{Options.FeatureColumnName}' has values in [{scan.Min}, {scan.Max}], outside FeatureRange [{given.Min}, {given.Max}].");
        var scaler = new FeatureScaler(range.Min, range.Max);

        int seed = Options.Seed ?? MLContextAccess.Seed(_environment);
        var (gpu, fallback) = MLContextAccess.Device(_environment);
        var trainer = new GanTrainer(settings.ToNetworkSpec(columns.FeatureSize, labels?.ClassCount ?? 0), settings.ToTrainingOptions(seed), TorchRuntime.SelectDevice(gpu, fallback));
        ConvolutionReport.Log(channel, trainer.ConvolutionDecisions);
        channel.Info(MessageSensitivity.None, $"Training a {(labels is null ? "" : "conditional ")}{settings.Architecture} GAN on {scan.Rows} rows of {columns.FeatureSize} values in [{range.Min}, {range.Max}] for {settings.Epochs} epochs (batch {settings.BatchSize}, DiffAugment {settings.DiffAugment}, G average {settings.GeneratorEmaDecay}, auxiliary classifier {settings.AuxiliaryClassifier}) on {trainer.Device}.");
        try
        {
            var info = new GanModelInfo(Options.FeatureColumnName, scaler, labels, classCounts);
            var history = Train(settings, trainer, input, columns, info, scan.Rows, seed, channel, cancel);
            return new GanTransformer(trainer, info, history);
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Checks the input shape: the feature column must be a known-size Vector&lt;Single&gt;; adds DiscriminatorScore.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShapes.CheckKnownSizeVector(inputSchema, Options.FeatureColumnName);
        if (Options.LabelColumnName is { } label && SchemaShapes.Find(inputSchema, label) is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{label}' was not found.");
        return SchemaShapes.With(inputSchema, SchemaShapes.Column(GanTransformer.ScoreColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single));
    }

    private List<GanEpochRecord> Train(GanOptions options, GanTrainer trainer, IDataView input, TrainingColumns columns, GanModelInfo info, long rows, int seed, IChannel channel, Action<string> cancel)
    {
        int epochs = options.Epochs!.Value;
        var history = new List<GanEpochRecord>();
        var shuffle = new Random(seed);
        // The caller's context, not a new one, so that the FID step logs and runs with its settings; the reference owns an ONNX session.
        using var reference = options.FidMonitor is { } m ? MLContextAccess.Transforms(_environment).Fid(m.Fid).Fit(input) : null;
        var monitor = reference is null ? null : new FidTracker(options.FidMonitor!, reference, trainer, info);
        var cas = options.CasMonitor is { } c ? new CasTracker(c, MLContextAccess.MulticlassClassification(_environment), trainer, info) : null;
        var stepProgress = options.Progress is { } p
            ? new Progress(e => p.Report(new GanProgress(e.Epoch, epochs, e.Step, e.RowsSeen, rows, e.Stats.DiscriminatorLoss, e.Stats.GeneratorLoss, e.Stats.MeanRealScore, e.Stats.MeanFakeScore, e.ImagesPerSecond, false)))
            : null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var batches = Cancellable(BatchReader.Read(input, columns, info.Labels, info.Scaler, options.BatchSize!.Value, options.ShufflePoolSize, shuffle), cancel, epoch);
            var stats = trainer.TrainEpoch(batches, stepProgress, options.CancellationToken);
            var s = stats.Stats;
            var score = monitor?.ScoreIfDue(epoch, epochs, history);
            var record = new GanEpochRecord(epoch, s.DiscriminatorLoss, s.GeneratorLoss, s.MeanRealScore, s.MeanFakeScore, stats.Seconds, stats.ImagesPerSecond,
                score?.Fid, cas?.ScoreIfDue(epoch, epochs, history)) { Kid = score?.Kid };
            history.Add(record);
            channel.Info(MessageSensitivity.None, $"Epoch {epoch}/{epochs}: D loss {s.DiscriminatorLoss:F4}, G loss {s.GeneratorLoss:F4}, D(x) {s.MeanRealScore:F3}, D(G(z)) {s.MeanFakeScore:F3}, {stats.ImagesPerSecond:F0} rows/s{(record.Fid is { } f ? $", FID {f:F3}" : "")}{(record.Cas is { } a ? $", CAS {a:P2}" : "")}.");
            options.EpochEnd?.Invoke(record, new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false));
            options.Progress?.Report(new GanProgress(epoch, epochs, trainer.GeneratorSteps, rows, rows, s.DiscriminatorLoss, s.GeneratorLoss, s.MeanRealScore, s.MeanFakeScore, stats.ImagesPerSecond, true));
        }
        if (cas?.RestoreBest() is { } bestCas) channel.Info(MessageSensitivity.None, $"Kept the networks and optimiser states of epoch {bestCas} (highest CAS).");
        else if (monitor?.RestoreBest() is { } best) channel.Info(MessageSensitivity.None, $"Kept the networks and optimiser states of epoch {best} (lowest FID).");
        return history;
    }

    /// <summary>Checks for cancellation before every batch, so a cancelled run stops within one batch.</summary>
    private static IEnumerable<GanBatch> Cancellable(IEnumerable<GanBatch> batches, Action<string> cancel, int epoch)
    {
        int batch = 0;
        foreach (var b in batches)
        {
            cancel($"before batch {++batch} of epoch {epoch}");
            yield return b;
        }
    }

    /// <summary>Generated rows carry only the feature (and label) column, so the monitor must read the GAN's feature column.</summary>
    private void CheckFidMonitor()
    {
        if (Options.FidMonitor is not { } monitor) return;
        string read = monitor.Fid.OnnxModelPath is null ? monitor.Fid.FeatureColumnName : monitor.Fid.InputColumnName ?? monitor.Fid.FeatureColumnName;
        if (read != Options.FeatureColumnName)
            throw new ArgumentException($"GanFidMonitor.Fid reads column '{read}', but generated rows only have the GAN's feature column '{Options.FeatureColumnName}'. " +
                "Set FidOptions.FeatureColumnName (or, with an ONNX model, InputColumnName) to it.", nameof(GanOptions.FidMonitor));
    }

    private static LabelCodec? BuildCodec(TrainingColumns columns, TrainingDataScan scan)
    {
        if (columns.Label is not { } label) return null;
        var kind = columns.LabelKind!.Value;
        if (kind == LabelKind.Key) return LabelCodec.FromKeyColumn(label);
        return LabelCodec.FromDistinctValues(label.Name, kind, label.Type, scan.LabelCounts.Keys);
    }

    /// <summary>Synchronous progress: reports arrive on the training thread, in order.</summary>
    private sealed class Progress(Action<GanStepEvent> report) : IProgress<GanStepEvent>
    {
        public void Report(GanStepEvent value) => report(value);
    }
}
