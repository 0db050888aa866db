using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// A fitted GAN. <see cref="Generate(int, int?)"/> makes synthetic rows with the training schema and value range;
/// <see cref="Transform"/> adds the discriminator's score. Persist it with <see cref="Save(string)"/> and <see cref="Load"/>.
/// </summary>
public sealed class GanTransformer : ITransformer, IDisposable
{
    /// <summary>Name of the column that <see cref="Transform"/> adds.</summary>
    public const string ScoreColumnName = "DiscriminatorScore";

    private readonly int _defaultSeed;
    private readonly bool _ownsTrainer;
    private readonly DiscriminatorScorer _scorer;
    private readonly GanRowGenerator _rows;

    internal GanTransformer(GanTrainer trainer, GanModelInfo info, IReadOnlyList<GanEpochRecord> history, bool ownsTrainer = true)
    {
        _ownsTrainer = ownsTrainer;
        Trainer = trainer;
        Info = info;
        History = history;
        _defaultSeed = trainer.Options.Seed;
        _scorer = new DiscriminatorScorer(trainer, info);
        _rows = new GanRowGenerator(trainer, info, _scorer);
    }

    internal GanTrainer Trainer { get; }
    internal GanModelInfo Info { get; }

    /// <summary>Per-epoch losses, mean D(x), mean D(G(z)), time and throughput (and FID where monitored).</summary>
    public IReadOnlyList<GanEpochRecord> History { get; }
    /// <summary>The feature column the GAN learned and generates.</summary>
    public string FeatureColumnName => Info.FeatureColumn;
    /// <summary>The label column of a conditional GAN, else null.</summary>
    public string? LabelColumnName => Info.Labels?.ColumnName;
    /// <summary>Length of the generated feature vector.</summary>
    public int FeatureSize => Trainer.Spec.FeatureSize;
    /// <summary>Image layout of the features, when known.</summary>
    public ImageShape? ImageShape => Trainer.Spec.ImageShape;
    /// <summary>The value range that generated values are mapped back to.</summary>
    public ValueRange FeatureRange => new(Info.Scaler.Min, Info.Scaler.Max);
    /// <summary>True when the GAN is conditional on a label.</summary>
    public bool IsConditional => Info.Labels is not null;
    /// <summary>The class labels as text (key values, strings, booleans or numbers), in class-index order; empty when unconditional.</summary>
    public IReadOnlyList<string> ClassLabels => Info.Labels?.ClassNames ?? [];
    /// <summary>How many training rows each class had; empty when unconditional.</summary>
    public IReadOnlyList<long> ClassCounts => Info.ClassCounts;

    /// <summary>
    /// Generates <paramref name="rowCount"/> rows. For a conditional GAN, labels are drawn from the training label distribution.
    /// The same seed gives the same rows.
    /// </summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="seed">Seed of the noise (and label draw); null uses the training seed. Pass it by name (<c>seed: 7</c>): a positional integer is
    /// taken as a label.</param>
    public IDataView Generate(int rowCount, int? seed = null)
    {
        _rows.CheckRowCount(rowCount);
        int s = seed ?? _defaultSeed;
        return _rows.Generate(Info.Labels is null ? null : _rows.SampleClasses(rowCount, s), rowCount, s);
    }

    /// <summary>Generates <paramref name="rowCount"/> rows of one class of a conditional GAN.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="label">
    /// The class, given as its training value (e.g. "Sneaker", <c>true</c>, <c>2.5f</c>; for a key column, its key value or its
    /// key number as a <see cref="uint"/>). Use <see cref="GanLabel.From"/> for a boxed value.
    /// </param>
    /// <param name="seed">Seed of the noise; null uses the training seed.</param>
    public IDataView Generate(int rowCount, GanLabel label, int? seed = null)
    {
        _rows.CheckRowCount(rowCount);
        var codec = Info.Labels ?? throw new InvalidOperationException("This GAN is unconditional (trained without LabelColumnName); call Generate(rowCount, seed: …) instead.");
        if (label.Value is null) throw new ArgumentNullException(nameof(label), $"A label of column '{codec.ColumnName}' is required.");
        int index = codec.IndexOf(label.Value);
        CheckTrained(index);
        return _rows.Generate(Enumerable.Repeat(index, rowCount).ToArray(), rowCount, seed ?? _defaultSeed);
    }

    /// <summary>
    /// Generates <paramref name="rowCount"/> rows of the class with integer label <paramref name="label"/>. This overload
    /// exists so that a positional integer after the row count is always a label: <c>Generate(100, 3)</c> means label 3,
    /// never seed 3 (C# would otherwise bind it to <see cref="Generate(int, int?)"/>); name the seed: <c>Generate(100, seed: 3)</c>.
    /// </summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="label">The class's training value (a number, or a key column's numeric key value).</param>
    /// <param name="seed">Seed of the noise; null uses the training seed.</param>
    public IDataView Generate(int rowCount, int label, int? seed = null) => Generate(rowCount, (GanLabel)label, seed);

    /// <summary>
    /// Generates rows with exactly <paramref name="rowsPerClass"/>[i] rows of class i (class order as in <see cref="ClassLabels"/>), grouped by
    /// class.
    /// With <paramref name="candidatesPerRow"/> &gt; 1, it draws that many candidates per row and keeps, per class, the ones the
    /// discriminator scores most real (a simple rejection step against artefacts).
    /// </summary>
    /// <param name="rowsPerClass">Rows wanted per class.</param>
    /// <param name="seed">Seed of the noise; null uses the training seed.</param>
    /// <param name="candidatesPerRow">Candidates drawn per kept row, at least 1 (1: no selection).</param>
    public IDataView GeneratePerClass(IReadOnlyList<int> rowsPerClass, int? seed = null, double candidatesPerRow = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rowsPerClass);
        var codec = Info.Labels ?? throw new InvalidOperationException("This GAN is unconditional; per-class generation needs a conditional GAN.");
        if (rowsPerClass.Count != codec.ClassCount) throw new ArgumentException($"Expected {codec.ClassCount} counts (one per class), got {rowsPerClass.Count}.", nameof(rowsPerClass));
        if (rowsPerClass.Any(n => n < 0)) throw new ArgumentOutOfRangeException(nameof(rowsPerClass), "Row counts must not be negative.");
        for (int c = 0; c < rowsPerClass.Count; c++)
            if (rowsPerClass[c] > 0) CheckTrained(c);
        _rows.CheckRowCount(rowsPerClass.Sum(n => (long)n));
        return _rows.GenerateSelected(rowsPerClass.ToArray(), seed ?? _defaultSeed, candidatesPerRow);
    }

    /// <summary>Like <see cref="Generate(int, int?)"/> for an unconditional GAN, keeping the best of <paramref name="candidatesPerRow"/> candidates
    /// per row.</summary>
    internal IDataView GenerateUnconditionalSelected(int rowCount, int seed, double candidatesPerRow)
    {
        _rows.CheckRowCount(rowCount);
        return _rows.GenerateSelected([rowCount], seed, candidatesPerRow);
    }

    /// <summary>
    /// Adds <see cref="ScoreColumnName"/>: the discriminator's probability that each row is real. Lazy, one output row per
    /// input row in the same order; not an ML.NET row-to-row mapper (see <see cref="IsRowToRowMapper"/>). D is scored as it
    /// is trained: consecutive rows are scored in batches of the training batch size (BatchNorm uses each batch's own
    /// statistics, and DiffAugment views are averaged), so score all-real or all-generated data for meaningful values.
    /// The view does not shuffle.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ResolveColumns(input.Schema);
        var needed = columns.Label is { } l ? new[] { columns.Feature.Name, l.Name } : [columns.Feature.Name];
        return new AddedColumnDataView<float>(input, GetOutputSchema(input.Schema), needed, (row, ahead) => _scorer.CreateGetter(row, ahead, columns),
            (in float score, ref float destination) => destination = score);
    }

    /// <summary>The input schema plus <see cref="ScoreColumnName"/>; throws when the feature (or label) column is missing or of the wrong
    /// type.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ResolveColumns(inputSchema);
        return AddedColumnDataView<float>.SchemaWith(inputSchema, ScoreColumnName, NumberDataViewType.Single);
    }

    /// <summary>Always false: rows map one to one, but the column is added through GanMl's own data view, not an <see cref="IRowToRowMapper"/>, so
    /// prediction engines cannot use it.</summary>
    public bool IsRowToRowMapper => false;

    /// <summary>Not supported; use <see cref="Transform"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("GanTransformer is not a row-to-row mapper; use Transform.");

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("GanTransformer cannot be saved with MLContext.Model.Save, because ML.NET keeps its model-saving API internal to its own assemblies. Use GanTransformer.Save(path) and GanTransformer.Load(mlContext, path).");

    /// <summary>
    /// Writes the networks, optimiser states, options, value range, labels and history to a zip at <paramref name="path"/>.
    /// The file is written to a temporary name and then renamed, so an interrupted save leaves any previous file intact.
    /// </summary>
    public void Save(string path) => GanModelFile.Save(this, path);

    /// <summary>
    /// Writes the generator as an ONNX model (opset 17) that runs without TorchSharp, for example in ML.NET's
    /// <c>ApplyOnnxModel</c> or any ONNX Runtime host. It is the network <see cref="Generate(int, int?)"/> runs (the
    /// moving average of G's weights when the model has one), in evaluation mode. Inputs: <c>z</c>, float32
    /// [N, latent dimension], drawn from a standard normal distribution; for conditional GANs also <c>label</c>, int64 [N],
    /// the class index in <see cref="ClassLabels"/> order. Output: <c>features</c>, float32 [N, <see cref="FeatureSize"/>],
    /// in the training value range and layout. The model's metadata (<c>ganml.*</c>) names the columns, classes, shape and
    /// range, and records the label column's type and the training rows per class, so that <see cref="OnnxGenerator"/> (in GanMl's core)
    /// generates rows with <see cref="Generate(int, int?)"/>'s schema without TorchSharp.
    /// The file is written to a temporary name and renamed into place.
    /// </summary>
    /// <param name="path">Destination file (conventionally ending in .onnx).</param>
    public void ExportOnnx(string path) => GeneratorOnnxFile.Export(this, path);

    /// <summary>Loads a GAN written by <see cref="Save(string)"/>; <see cref="Generate(int, int?)"/> then gives the same rows for the same
    /// seed.</summary>
    public static GanTransformer Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return GanModelFile.Load(path, TorchRuntime.SelectDevice(mlContext.GpuDeviceId, mlContext.FallbackToCpu));
    }

    /// <summary>Releases the networks' native memory (a no-op for the views passed to <see cref="GanOptions.EpochEnd"/>).</summary>
    public void Dispose()
    {
        if (_ownsTrainer) Trainer.Dispose();
    }

    private void CheckTrained(int index)
    {
        if (Info.ClassCounts[index] == 0)
            throw new ArgumentException($"Label '{Info.Labels!.ClassNames[index]}' of column '{LabelColumnName}' had no training rows, so the GAN never learned it.", "label");
    }

    private TrainingColumns ResolveColumns(DataViewSchema schema)
    {
        var columns = TrainingColumns.Resolve(schema, FeatureColumnName, LabelColumnName, null);
        if (columns.FeatureSize != FeatureSize)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Feature column '{FeatureColumnName}' has {columns.FeatureSize} values; this GAN was trained on {FeatureSize}.");
        if (columns.Label is { } label && !label.Type.Equals(Info.Labels!.Type))
            throw new ArgumentOutOfRangeException(nameof(schema), $"Label column '{label.Name}' has type {label.Type}; this GAN was trained on {Info.Labels.Type}.");
        return columns;
    }
}
