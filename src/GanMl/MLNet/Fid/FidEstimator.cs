using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GanMl;

/// <summary>
/// Learns the reference feature statistics (mean, covariance, count) that <see cref="FidTransformer.Evaluate"/>
/// compares generated data against. Create it with <c>ml.Transforms.Fid(...)</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// To create this estimator, use [Fid](xref:Microsoft.ML.FidCatalog.Fid*).
///
/// ### Input and output columns
/// Features come from a column, or from an ONNX feature extractor (such as pytorch-fid's InceptionV3) applied to an image
/// or pixel column through OnnxTransformer.
///
/// | Input column name | Column type | Description |
/// | -- | -- | -- |
/// | `FeatureColumnName` (no ONNX model) | Known-size vector of <xref:System.Single> | Features of the real rows. |
/// | `InputColumnName` (with `OnnxModelPath`) | Image, or vector of <xref:System.Single> pixels | Fed to the extractor after resizing to its input
/// size. |
///
/// | Output column name | Column type | Description |
/// | -- | -- | -- |
/// | `FeatureColumnName` (with `OnnxModelPath`) | Known-size vector of <xref:System.Single> | The extractor's features; without an ONNX model the
/// input passes through unchanged. |
///
/// `FidTransformer.Evaluate` scores another data view against the reference statistics and returns the Fréchet distance
/// (and the kernel inception distance with `FidOptions.ComputeKid`). Its numbers match pytorch-fid's to 1e-6 relative.
///
/// ### Estimator characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes: one pass for the mean and covariance |
/// | Input column data type | Known-size vector of <xref:System.Single>, or an image |
/// | Output column data type | Known-size vector of <xref:System.Single> |
/// | Required NuGet in addition to Microsoft.ML | GanMl (no TorchSharp), Microsoft.ML.OnnxTransformer and Microsoft.ML.ImageAnalytics for an ONNX
/// extractor |
/// | Exportable to ONNX | No |
/// ]]></format>
/// </remarks>
/// <seealso cref="FidCatalog.Fid(TransformsCatalog, FidOptions)"/>
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
            SchemaShapes.CheckKnownSizeVector(inputSchema, _options.FeatureColumnName);
            return inputSchema;
        }
        string input = _options.InputColumnName!;
        var ic = SchemaShapes.Find(inputSchema, input)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{input}' (FidOptions.InputColumnName) was not found in the input schema.");
        bool isImage = ic.Kind == SchemaShape.Column.VectorKind.Scalar && ic.ItemType is ImageDataViewType;
        bool isPixels = ic.Kind != SchemaShape.Column.VectorKind.Scalar && ic.ItemType == NumberDataViewType.Single;
        if (!isImage && !isPixels)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{input}' has type {SchemaShapes.Describe(ic)}; expected an image or a pixel vector Vector<Single>.");
        var b = new DataViewSchema.Builder();
        foreach (var c in inputSchema)
        {
            if (c.Name == _options.FeatureColumnName) continue;
            DataViewType t = c.Kind == SchemaShape.Column.VectorKind.Scalar ? c.ItemType
                : new VectorDataViewType((PrimitiveDataViewType)c.ItemType!, c.Kind == SchemaShape.Column.VectorKind.Vector ? 1 : 0);
            b.AddColumn(c.Name, t);
        }
        b.AddColumn(_options.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, 1));
        return SchemaShapes.FromSchema(b.ToSchema());
    }

}
