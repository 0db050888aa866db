using GanMl.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Holds reference feature statistics and scores generated data against them (<see cref="Evaluate"/>).
/// <see cref="Transform"/> passes every row through, one output row per input row in the same order, and adds (with an
/// ONNX extractor) or keeps the feature column it scores on. It is not an ML.NET row-to-row mapper
/// (<see cref="IsRowToRowMapper"/> is false), so it cannot be used in a prediction engine.
/// With an ONNX extractor it holds an ONNX Runtime session: dispose it when done.
/// </summary>
public sealed class FidTransformer : ITransformer, IDisposable
{
    private readonly FidOptions _options;
    private readonly FidFeaturePipeline? _pipeline;
    private readonly float[]? _referenceFeatures;
    private bool _disposed;

    internal FidTransformer(FidOptions options, FidFeaturePipeline? pipeline, FeatureStatistics reference, float[]? referenceFeatures)
    {
        _options = options;
        _pipeline = pipeline;
        ReferenceStatistics = reference;
        _referenceFeatures = referenceFeatures;
    }

    /// <summary>Mean, covariance and count of the reference features (save them with <see cref="FeatureStatistics.SaveNpz"/>).</summary>
    public FeatureStatistics ReferenceStatistics { get; }

    /// <summary>Name of the feature column.</summary>
    public string FeatureColumnName => _options.FeatureColumnName;

    /// <summary>
    /// Always false: <see cref="Transform"/> maps rows one to one, but through its own data view (and ML.NET's ONNX
    /// transformer), not through an <see cref="IRowToRowMapper"/>.
    /// </summary>
    public bool IsRowToRowMapper => false;

    /// <summary>Releases the ONNX Runtime session of the feature extractor, if any. Later calls to <see cref="Evaluate"/> and <see cref="Transform"/>
    /// throw.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pipeline?.Dispose();
    }

    /// <summary>FID (and KID when <see cref="FidOptions.ComputeKid"/>) of <paramref name="generated"/> against the reference statistics.</summary>
    /// <param name="generated">Generated data with the same columns as the reference data.</param>
    public FidMetrics Evaluate(IDataView generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var features = Transform(generated);
        int d = CheckFeatureColumn(features.Schema, _options.FeatureColumnName, _pipeline != null);
        if (d != ReferenceStatistics.Dimension)
            throw new ArgumentException($"Feature column '{_options.FeatureColumnName}' has {d} values per row in the evaluated data but {ReferenceStatistics.Dimension} in the reference data.", nameof(generated));
        var (stats, raw) = Accumulate(features, _options.FeatureColumnName, d, _options.ComputeKid, "evaluated");
        var fid = FrechetDistance.ComputeDetailed(ReferenceStatistics, stats);
        KidResult? kid = null;
        if (_options.ComputeKid)
            kid = KernelInceptionDistance.Compute(_referenceFeatures!, raw!, d, _options.KidSubsets, _options.KidSubsetSize, _options.Seed);
        return new FidMetrics(fid, kid, ReferenceStatistics.Count, stats.Count);
    }

    /// <summary>Passes rows through; with an ONNX extractor, adds the feature column (the flattened model output).</summary>
    /// <param name="input">Data with the input (or feature) column.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pipeline == null)
        {
            CheckFeatureColumn(input.Schema, _options.FeatureColumnName, false);
            return input;
        }
        return _pipeline.Apply(input);
    }

    /// <summary>The input schema, plus the feature column when an ONNX extractor is configured. Validates the columns.</summary>
    /// <param name="inputSchema">Schema of the data to transform.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (_pipeline == null)
        {
            CheckFeatureColumn(inputSchema, _options.FeatureColumnName, false);
            return inputSchema;
        }
        return _pipeline.GetOutputSchema(inputSchema);
    }

    /// <summary>Not supported: FidTransformer is not an ML.NET row-to-row mapper (see <see cref="IsRowToRowMapper"/>).</summary>
    /// <param name="inputSchema">Ignored.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("FidTransformer is not a row-to-row mapper; use Transform(IDataView) or Evaluate(IDataView).");

    /// <summary>Not supported: ML.NET keeps its model-saving API internal to its own assemblies.</summary>
    /// <param name="ctx">Ignored.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("FidTransformer cannot be saved with ml.Model.Save (ML.NET's model-saving API is internal to ML.NET). " +
            "Save the reference statistics with fid.ReferenceStatistics.SaveNpz(path) (pytorch-fid's .npz layout) and load them with FeatureStatistics.LoadNpz.");

    internal static int CheckFeatureColumn(DataViewSchema schema, string name, bool fromModel) =>
        SchemaShapes.CheckKnownSizeVector(schema, name, nameof(FidOptions.FeatureColumnName), fromModel ? " (the ONNX model output)" : "");

    internal static (FeatureStatistics Stats, float[]? Raw) Accumulate(IDataView data, string column, int d, bool keepRaw, string what)
    {
        // Keep the rows while n < d: then the exact n-space path of FrechetDistance applies.
        var acc = new FeatureAccumulator(d, keepRowsUpTo: d - 1);
        var raw = keepRaw ? new List<float>() : null;
        var col = data.Schema[column];
        using var cursor = data.GetRowCursor(new[] { col });
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> buf = default;
        var dense = new float[d];
        while (cursor.MoveNext())
        {
            getter(ref buf);
            if (buf.Length != d)
                throw new InvalidOperationException($"Row {cursor.Position} of the {what} data: feature column '{column}' has {buf.Length} values; expected {d}.");
            buf.CopyTo(dense);
            try
            {
                acc.Add(dense);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Feature column '{column}' of the {what} data: {e.Message}", e);
            }
            raw?.AddRange(dense);
        }
        if (acc.Count < 2)
            throw new InvalidOperationException($"The {what} data has {acc.Count} row(s) in feature column '{column}'; FID needs at least 2 to estimate a covariance.");
        return (acc.ToStatistics(), raw?.ToArray());
    }
}
