using GanMl.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GanMl;

/// <summary>
/// Learns the reference feature statistics (mean, covariance, count) that <see cref="FidTransformer.Evaluate"/>
/// compares generated data against. Create it with <c>ml.Transforms.Fid(...)</c>.
/// </summary>
public sealed class FidEstimator : IEstimator<FidTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly FidOptions _options;

    internal FidEstimator(TransformsCatalog catalog, FidOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _catalog = catalog;
    }

    /// <summary>A copy of the options this estimator was created with.</summary>
    public FidOptions Options => _options.Clone();

    /// <summary>Runs the (optional) ONNX feature extractor over <paramref name="input"/> and accumulates the reference statistics.</summary>
    /// <param name="input">Reference (real) data.</param>
    public FidTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        FidFeaturePipeline? pipeline = _options.OnnxModelPath != null ? FidFeaturePipeline.Create(_catalog, _options, input) : null;
        try
        {
            var features = pipeline?.Apply(input) ?? input;
            int d = FidTransformer.CheckFeatureColumn(features.Schema, _options.FeatureColumnName, pipeline != null);
            var (stats, raw) = FidTransformer.Accumulate(features, _options.FeatureColumnName, d, _options.ComputeKid, "reference");
            return new FidTransformer(_options, pipeline, stats, raw);
        }
        catch
        {
            pipeline?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the input schema: without a model, the feature column must be <c>Vector&lt;Single&gt;</c> of known size;
    /// with a model, the input column must be an image or a pixel vector, and the feature column is added.
    /// </summary>
    /// <param name="inputSchema">Schema shape of the input data.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (_options.OnnxModelPath == null)
        {
            string name = _options.FeatureColumnName;
            if (!TryFind(inputSchema, name, out var col))
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Feature column '{name}' was not found in the input schema; expected Vector<Single> of known size.");
            if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Feature column '{name}' has type {Describe(col)}; expected Vector<Single> of known size.");
            return inputSchema;
        }
        string input = _options.InputColumnName!;
        if (!TryFind(inputSchema, input, out var ic))
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{input}' (FidOptions.InputColumnName) was not found in the input schema.");
        bool isImage = ic.Kind == SchemaShape.Column.VectorKind.Scalar && ic.ItemType is ImageDataViewType;
        bool isPixels = ic.Kind != SchemaShape.Column.VectorKind.Scalar && ic.ItemType == NumberDataViewType.Single;
        if (!isImage && !isPixels)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{input}' has type {Describe(ic)}; expected an image or a pixel vector Vector<Single>.");
        var b = new DataViewSchema.Builder();
        foreach (var c in inputSchema)
        {
            if (c.Name == _options.FeatureColumnName) continue;
            DataViewType t = c.Kind == SchemaShape.Column.VectorKind.Scalar ? c.ItemType
                : new VectorDataViewType((PrimitiveDataViewType)c.ItemType!, c.Kind == SchemaShape.Column.VectorKind.Vector ? 1 : 0);
            b.AddColumn(c.Name, t);
        }
        b.AddColumn(_options.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, 1));
        return CreateShape(b.ToSchema());
    }

    private static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var c in shape)
            if (c.Name == name) { column = c; return true; }
        column = default;
        return false;
    }

    /// <summary>
    /// SchemaShape.Create and the SchemaShape.Column constructor are internal to ML.NET; building an output shape
    /// with a new column needs them, so they are reached by reflection. Throws when that fails: returning the input
    /// shape would hide the added feature column from the steps after this one.
    /// </summary>
    internal static SchemaShape CreateShape(DataViewSchema schema, string methodName = "Create")
    {
        var m = typeof(SchemaShape).GetMethod(methodName, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, new[] { typeof(DataViewSchema) });
        return m?.Invoke(null, new object[] { schema }) as SchemaShape
            ?? throw new InvalidOperationException($"FidEstimator.GetOutputSchema could not build the output schema: ML.NET's internal SchemaShape.{methodName}(DataViewSchema) " +
                "was not found. This ML.NET version is not supported by GanMl.");
    }

    private static string Describe(SchemaShape.Column c) => c.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => $"{c.ItemType}",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{c.ItemType}>",
        _ => $"Vector<{c.ItemType}> of variable size",
    };
}
