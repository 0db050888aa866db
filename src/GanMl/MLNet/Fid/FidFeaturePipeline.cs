using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace GanMl;

/// <summary>
/// The optional ONNX feature step: <see cref="FidPreprocessing"/> then ML.NET's <c>ApplyOnnxModel</c>, then the
/// model output copied to the feature column and the intermediate columns dropped.
/// </summary>
internal sealed class FidFeaturePipeline : IDisposable
{
    private readonly FidOptions _options;
    private readonly ITransformer _post;

    private FidFeaturePipeline(FidOptions options, ITransformer post)
    {
        _options = options;
        _post = post;
    }

    /// <summary>Checks the model file and its tensor names, then fits ApplyOnnxModel (and the column plumbing) on the input schema.</summary>
    public static FidFeaturePipeline Create(TransformsCatalog catalog, FidOptions o, IDataView input)
    {
        string path = o.OnnxModelPath!;
        if (!File.Exists(path))
            throw new FileNotFoundException($"The ONNX feature extractor '{Path.GetFullPath(path)}' (FidOptions.OnnxModelPath) does not exist.", path);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (TypeInitializationException e) when (e.InnerException is DllNotFoundException)
        {
            throw new InvalidOperationException("The native ONNX Runtime library could not be loaded. Add the NuGet package " +
                "Microsoft.ML.OnnxRuntime (CPU) or a GPU variant to the application; Microsoft.ML.OnnxTransformer only brings the managed wrapper.", e);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime could not load '{path}' (FidOptions.OnnxModelPath): {e.Message}", e);
        }
        using (session)
        {
            if (!session.OutputMetadata.ContainsKey(o.OnnxOutputName))
                throw new ArgumentException($"The ONNX model '{path}' has no output tensor '{o.OnnxOutputName}' (FidOptions.OnnxOutputName). Its outputs: {Describe(session.OutputMetadata)}.", nameof(FidOptions.OnnxOutputName));
            if (!session.InputMetadata.TryGetValue(o.OnnxInputName, out var inMeta))
                throw new ArgumentException($"The ONNX model '{path}' has no input tensor '{o.OnnxInputName}' (FidOptions.OnnxInputName). Its inputs: {Describe(session.InputMetadata)}.", nameof(FidOptions.OnnxInputName));
            var dims = inMeta.Dimensions;
            if (dims.Length != 4 || (dims[1] > 0 && dims[1] != o.ModelInputChannels) || (dims[2] > 0 && dims[2] != o.InputSize) || (dims[3] > 0 && dims[3] != o.InputSize))
                throw new ArgumentException($"The ONNX input '{o.OnnxInputName}' has shape [{string.Join(", ", dims)}]; FidOptions describe [N, {o.ModelInputChannels}, {o.InputSize}, {o.InputSize}] (ModelInputChannels, InputSize).", nameof(FidOptions.InputSize));
            var outDims = session.OutputMetadata[o.OnnxOutputName].Dimensions;
            if (outDims.Skip(1).Any(d => d <= 0))
                throw new ArgumentException($"The ONNX output '{o.OnnxOutputName}' has shape [{string.Join(", ", outDims)}]; all dimensions after the batch dimension must be fixed.", nameof(FidOptions.OnnxOutputName));
        }
        FidPreprocessing.CheckInputColumn(input.Schema, o);
        var shapes = new Dictionary<string, int[]> { [o.OnnxInputName] = new[] { 1, o.ModelInputChannels, o.InputSize, o.InputSize } };
        IEstimator<ITransformer> est = catalog.ApplyOnnxModel(new[] { o.OnnxOutputName }, new[] { o.OnnxInputName }, path, shapes, gpuDeviceId: null, fallbackToCpu: false);
        var drop = new List<string> { o.OnnxInputName };
        if (o.OnnxOutputName != o.FeatureColumnName)
        {
            est = est.Append(catalog.CopyColumns(o.FeatureColumnName, o.OnnxOutputName));
            drop.Add(o.OnnxOutputName);
        }
        est = est.Append(catalog.DropColumns(drop.ToArray()));
        var prepped = FidPreprocessing.Apply(input, o);
        var post = est.Fit(prepped);
        return new FidFeaturePipeline(o, post);
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> meta) =>
        string.Join(", ", meta.Select(kv => $"'{kv.Key}' [{string.Join(", ", kv.Value.Dimensions)}]"));

    public IDataView Apply(IDataView input) => _post.Transform(FidPreprocessing.Apply(input, _options));

    /// <summary>Releases the ONNX Runtime session held by ApplyOnnxModel's transformer.</summary>
    public void Dispose() => Dispose(_post);

    private static void Dispose(ITransformer transformer)
    {
        if (transformer is IDisposable disposable) disposable.Dispose();
        else if (transformer is IEnumerable<ITransformer> chain) foreach (var step in chain) Dispose(step);
    }

    public DataViewSchema GetOutputSchema(DataViewSchema input)
    {
        FidPreprocessing.CheckInputColumn(input, _options);
        return _post.GetOutputSchema(FidPreprocessing.BuildSchema(input, _options));
    }
}
