using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>
/// Generates rows from a GanMl generator exported to ONNX (<c>GanTransformer.ExportOnnx</c>) with ML.NET and ONNX Runtime
/// only: no TorchSharp or libtorch at run time. The rows have the schema of <c>GanTransformer.Generate</c>: the feature
/// column (a known-size vector of <see cref="float"/> with <see cref="FeatureColumnName"/>) and, for a conditional
/// generator, the label column with the training label's ML.NET type (a key with its key values, text, boolean or a number).
/// </summary>
/// <remarks>
/// <para>
/// The noise <c>z</c> is drawn from a standard normal distribution by a seeded .NET generator (SplitMix64 and the
/// Box–Muller transform), not by torch's generator, so the rows are <b>not</b> the rows <c>GanTransformer.Generate</c>
/// gives for the same seed; they come from the same distribution. The same seed gives the same rows, bit for bit, on
/// the same machine and ONNX Runtime build.
/// </para>
/// <para>
/// The rows are generated when <c>Generate</c> is called, in runs of <see cref="RowsPerRun"/> rows, and held in memory by
/// the returned <see cref="IDataView"/>. An instance can be used from several threads at once, but dispose it only when no
/// <c>Generate</c> call is running: disposing releases the ONNX Runtime session; views already returned stay valid.
/// </para>
/// </remarks>
public sealed class OnnxGenerator : IDisposable
{
    /// <summary>Rows passed to ONNX Runtime per run.</summary>
    public const int RowsPerRun = 256;

    private readonly GeneratorSession _session;
    private readonly GeneratorOnnxMetadata _metadata;
    private readonly int _defaultSeed;
    private readonly object[]? _labelValues;
    private int _disposed;

    private OnnxGenerator(GeneratorSession session, string path, int defaultSeed)
    {
        _session = session;
        _metadata = session.Metadata;
        var metadata = _metadata;
        _defaultSeed = defaultSeed;
        ModelPath = path;
        OutputSchema = GeneratedRowsDataView.CreateSchema(metadata.FeatureColumn, metadata.FeatureSize, metadata.Label);
        _labelValues = metadata.Label?.RawValues();
    }

    /// <summary>The full path of the ONNX file this generator was loaded from.</summary>
    public string ModelPath { get; }

    /// <summary>The feature column the GAN learned and generates.</summary>
    public string FeatureColumnName => _metadata.FeatureColumn;

    /// <summary>Length of the generated feature vector.</summary>
    public int FeatureSize => _metadata.FeatureSize;

    /// <summary>Length of the noise vector <c>z</c> the generator reads per row.</summary>
    public int LatentDimension => _metadata.LatentDimension;

    /// <summary>The training value range, which generated values lie in (the network's [-1, 1] mapped back).</summary>
    public ValueRange FeatureRange => _metadata.Range;

    /// <summary>The image layout of the features for image models, else null.</summary>
    public ImageShape? ImageShape => _metadata.ImageShape;

    /// <summary>True when the generator is conditional on a label (its ONNX model has a <c>label</c> input).</summary>
    public bool IsConditional => _metadata.Label is not null;

    /// <summary>The label column of a conditional generator, else null.</summary>
    public string? LabelColumnName => _metadata.Label?.ColumnName;

    /// <summary>
    /// The class labels as text (key values, strings, booleans or numbers), in class-index order: index i is the value
    /// fed to the ONNX model's <c>label</c> input for class i. Empty when unconditional.
    /// </summary>
    public IReadOnlyList<string> ClassLabels => _metadata.Label?.ClassNames ?? [];

    /// <summary>
    /// How many training rows each class had (in <see cref="ClassLabels"/> order); empty when unconditional, or when the
    /// file was exported before GanMl recorded them (<c>ganml.class_counts</c>), in which case labels are drawn uniformly.
    /// </summary>
    public IReadOnlyList<long> ClassCounts => _metadata.ClassCounts;

    /// <summary>The schema of the views that <c>Generate</c> returns.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>
    /// Loads a generator exported by <c>GanTransformer.ExportOnnx</c> and checks its metadata, inputs and output.
    /// </summary>
    /// <param name="mlContext">The ML.NET context. Its seed gives the default seed of <c>Generate</c> calls that pass none.</param>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The generator; dispose it to release the ONNX Runtime session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an ONNX model, or not one written by <c>GanTransformer.ExportOnnx</c> (no or invalid <c>ganml.*</c>
    /// metadata, or inputs and output other than <c>z</c>, <c>label</c> and one feature tensor of the recorded sizes).
    /// </exception>
    public static OnnxGenerator Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"ONNX generator model '{path}' was not found.", full);
        var session = GeneratorSession.Open(full, path);
        try
        {
            int seed = ((IHostEnvironment)mlContext).Register(nameof(OnnxGenerator)).Rand.Next();
            return new OnnxGenerator(session, full, seed);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates <paramref name="rowCount"/> rows. For a conditional generator the labels are drawn at random, in the
    /// proportions of the training rows per class (<see cref="ClassCounts"/>) as <c>GanTransformer.Generate</c> draws
    /// them, so for the same seed the label column equals <c>GanTransformer.Generate</c>'s; when the file records no
    /// class counts, uniformly.
    /// </summary>
    /// <param name="rowCount">Number of rows, at least 1.</param>
    /// <param name="seed">
    /// Seed of the noise (and label draw); null uses a seed drawn once from the <see cref="MLContext"/> at
    /// <see cref="Load"/>. Pass it by name (<c>seed: 7</c>): a positional integer is taken as a label.
    /// </param>
    /// <returns>An in-memory view of the rows, with the schema <see cref="OutputSchema"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is below 1 or too large for one array.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public IDataView Generate(int rowCount, int? seed = null)
    {
        CheckRowCount(rowCount);
        int s = seed ?? _defaultSeed;
        return GenerateClasses(_metadata.Label is null ? null : SampleClasses(rowCount, s), rowCount, s);
    }

    /// <summary>Generates <paramref name="rowCount"/> rows of one class of a conditional generator.</summary>
    /// <param name="rowCount">Number of rows, at least 1.</param>
    /// <param name="label">
    /// The class as text, as in <see cref="ClassLabels"/> (e.g. "Sneaker"; for a key column its key value, or its key
    /// number when the key had no key values; "True"/"False"; a number in invariant round-trip form).
    /// </param>
    /// <param name="seed">Seed of the noise; null uses the default seed (see <see cref="Generate(int, int?)"/>).</param>
    /// <returns>An in-memory view of the rows, every one with <paramref name="label"/> in the label column.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> is not one of the classes, or its class had no training rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is below 1 or too large for one array.</exception>
    /// <exception cref="InvalidOperationException">The generator is unconditional.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public IDataView Generate(int rowCount, string label, int? seed = null) => GenerateLabel(rowCount, label, seed);

    /// <summary>
    /// Generates <paramref name="rowCount"/> rows of the class with integer label <paramref name="label"/> (a number label,
    /// or a key column's numeric key value or key number). As in <c>GanTransformer</c>, this overload makes a positional
    /// integer after the row count a label, never a seed: name the seed, <c>Generate(100, seed: 3)</c>.
    /// </summary>
    /// <param name="rowCount">Number of rows, at least 1.</param>
    /// <param name="label">The class's training value.</param>
    /// <param name="seed">Seed of the noise; null uses the default seed (see <see cref="Generate(int, int?)"/>).</param>
    /// <returns>An in-memory view of the rows, every one of that class.</returns>
    /// <exception cref="ArgumentException"><paramref name="label"/> is not one of the classes, or its class had no training rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is below 1 or too large for one array.</exception>
    /// <exception cref="InvalidOperationException">The generator is unconditional.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public IDataView Generate(int rowCount, int label, int? seed = null) => GenerateLabel(rowCount, label, seed);

    /// <summary>
    /// Generates <paramref name="rowCount"/> rows of the class given by its training value of any type, matched as
    /// <c>GanTransformer.Generate</c> matches a <c>GanLabel</c>: a string or <see cref="ReadOnlyMemory{T}"/> of
    /// <see cref="char"/>, a <see cref="bool"/>, a number (a Single label also matches the double written with the same
    /// digits), or for a key column its key value or its key number as a <see cref="uint"/>.
    /// </summary>
    /// <param name="rowCount">Number of rows, at least 1.</param>
    /// <param name="label">The class's training value.</param>
    /// <param name="seed">Seed of the noise; null uses the default seed (see <see cref="Generate(int, int?)"/>).</param>
    /// <returns>An in-memory view of the rows, every one of that class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="label"/> is not one of the classes, or its class had no training rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is below 1 or too large for one array.</exception>
    /// <exception cref="InvalidOperationException">The generator is unconditional.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public IDataView Generate(int rowCount, object label, int? seed = null) => GenerateLabel(rowCount, label, seed);

    /// <summary>
    /// Generates exactly <paramref name="rowsPerClass"/>[i] rows of class i (class order as in <see cref="ClassLabels"/>),
    /// grouped by class in that order.
    /// </summary>
    /// <param name="rowsPerClass">Rows wanted per class, one non-negative count per class, at least one row in all.</param>
    /// <param name="seed">Seed of the noise; null uses the default seed (see <see cref="Generate(int, int?)"/>).</param>
    /// <returns>An in-memory view of the rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rowsPerClass"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of counts is not the number of classes, or rows are asked of a class that had no training
    /// rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the total is 0 or too large for one array.</exception>
    /// <exception cref="InvalidOperationException">The generator is unconditional.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public IDataView GeneratePerClass(IReadOnlyList<int> rowsPerClass, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(rowsPerClass);
        var label = _metadata.Label ?? throw new InvalidOperationException("This generator is unconditional; per-class generation needs a conditional GAN.");
        if (rowsPerClass.Count != label.ClassCount) throw new ArgumentException($"Expected {label.ClassCount} counts (one per class), got {rowsPerClass.Count}.", nameof(rowsPerClass));
        if (rowsPerClass.Any(n => n < 0)) throw new ArgumentOutOfRangeException(nameof(rowsPerClass), "Row counts must not be negative.");
        for (int c = 0; c < rowsPerClass.Count; c++)
            if (rowsPerClass[c] > 0) CheckTrained(c, nameof(rowsPerClass));
        long total = rowsPerClass.Sum(n => (long)n);
        CheckRowCount(total, nameof(rowsPerClass));
        var classes = rowsPerClass.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        return GenerateClasses(classes, classes.Length, seed ?? _defaultSeed);
    }

    /// <summary>Releases the ONNX Runtime session. Views already returned by <c>Generate</c> stay valid.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _session.Dispose();
    }

    /// <summary>The noise of rows 0..<paramref name="rowCount"/>-1 for <paramref name="seed"/>, row-major [rowCount, latent].</summary>
    internal float[] CreateNoise(int rowCount, int seed)
    {
        var z = new float[(long)rowCount * LatentDimension];
        StandardNormalNoise.Fill(z, seed, 0);
        return z;
    }

    /// <summary>The classes <see cref="Generate(int, int?)"/> draws for <paramref name="seed"/>: by training frequency (GanTransformer's draw), or
    /// uniformly without counts.</summary>
    internal int[] SampleClasses(int rowCount, int seed)
    {
        if (_metadata.ClassCounts.Count > 0) return ClassDraw.ByFrequency(_metadata.ClassCounts, rowCount, seed);
        var random = new Random(seed);
        var classes = new int[rowCount];
        for (int i = 0; i < rowCount; i++) classes[i] = random.Next(_metadata.Label!.ClassCount);
        return classes;
    }

    private IDataView GenerateLabel(int rowCount, object label, int? seed)
    {
        CheckRowCount(rowCount);
        var column = _metadata.Label ?? throw new InvalidOperationException("This generator is unconditional (trained without LabelColumnName); call Generate(rowCount, seed: …) instead.");
        if (label is null) throw new ArgumentNullException(nameof(label), $"A label of column '{column.ColumnName}' is required.");
        int index = column.IndexOf(label);
        CheckTrained(index, nameof(label));
        var classes = new int[rowCount];
        Array.Fill(classes, index);
        return GenerateClasses(classes, rowCount, seed ?? _defaultSeed);
    }

    private IDataView GenerateClasses(int[]? classes, int rowCount, int seed)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var features = new float[(long)rowCount * FeatureSize];
        _session.Run(features, classes, rowCount, seed);
        return new GeneratedRowsDataView(OutputSchema, features, FeatureSize, _labelValues, classes);
    }

    private void CheckTrained(int index, string parameter)
    {
        var counts = _metadata.ClassCounts;
        if (counts.Count > 0 && counts[index] == 0)
            throw new ArgumentException($"Label '{ClassLabels[index]}' of column '{LabelColumnName}' had no training rows, so the GAN never learned it.", parameter);
    }

    private void CheckRowCount(long rowCount, string parameter = "rowCount")
    {
        if (rowCount < 1) throw new ArgumentOutOfRangeException(parameter, rowCount, "rowCount must be at least 1.");
        GeneratedRowsDataView.CheckFitsOneArray(rowCount, FeatureSize, parameter);
    }
}
