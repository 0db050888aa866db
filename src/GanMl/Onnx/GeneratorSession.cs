using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GanMl;

/// <summary>An ONNX Runtime session over an exported GanMl generator: opened with its metadata and signature checked, run in blocks.</summary>
internal sealed class GeneratorSession : IDisposable
{
    private const string NoiseInput = "z", LabelInput = "label";
    private readonly InferenceSession _session;
    private readonly string _outputName;

    private GeneratorSession(InferenceSession session, GeneratorOnnxMetadata metadata, string outputName)
    {
        _session = session;
        Metadata = metadata;
        _outputName = outputName;
    }

    /// <summary>What the file's <c>ganml.*</c> metadata says about the generator.</summary>
    public GeneratorOnnxMetadata Metadata { get; }

    /// <summary>Opens <paramref name="full"/>; errors name <paramref name="path"/> as the caller gave it.</summary>
    public static GeneratorSession Open(string full, string path)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(full);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model that ONNX Runtime can load: {e.Message}", e);
        }
        try
        {
            GeneratorOnnxMetadata metadata;
            try
            {
                metadata = GeneratorOnnxMetadata.Parse(session.ModelMetadata.CustomMetadataMap);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"'{path}' is not a GanMl generator (export one with GanTransformer.ExportOnnx): {e.Message}", e);
            }
            return new GeneratorSession(session, metadata, CheckSignature(session, metadata, path));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the model over the rows in runs of <see cref="OnnxGenerator.RowsPerRun"/>: the noise and label buffers are allocated once
    /// per call and refilled, and each run's output is written by ONNX Runtime straight into <paramref name="features"/>.
    /// </summary>
    public void Run(float[] features, int[]? classes, int rowCount, int seed)
    {
        int latent = Metadata.LatentDimension, size = Metadata.FeatureSize, block = Math.Min(OnnxGenerator.RowsPerRun, rowCount);
        var z = new float[block * latent];
        var labels = classes is null ? null : new long[block];
        string[] inputNames = labels is null ? [NoiseInput] : [NoiseInput, LabelInput];
        string[] outputNames = [_outputName];
        using var runOptions = new RunOptions();
        var memory = OrtMemoryInfo.DefaultInstance;
        OrtValue? zValue = null, labelValue = null;
        try
        {
            for (int start = 0, current = 0; start < rowCount; start += current)
            {
                int n = Math.Min(block, rowCount - start);
                if (n != current)
                {
                    // One pair of input tensors over the reused buffers per run size: the full runs, then a shorter last one.
                    zValue?.Dispose(); labelValue?.Dispose(); labelValue = null;
                    zValue = OrtValue.CreateTensorValueFromMemory(memory, z.AsMemory(0, n * latent), [n, latent]);
                    if (labels is not null) labelValue = OrtValue.CreateTensorValueFromMemory(memory, labels.AsMemory(0, n), [n]);
                    current = n;
                }
                StandardNormalNoise.Fill(z.AsSpan(0, n * latent), seed, (long)start * latent);
                if (labels is not null)
                    for (int i = 0; i < n; i++) labels[i] = classes![start + i];
                using var output = OrtValue.CreateTensorValueFromMemory(memory, features.AsMemory(start * size, n * size), [n, size]);
                OrtValue[] inputs = labelValue is null ? [zValue!] : [zValue!, labelValue];
                _session.Run(runOptions, inputNames, inputs, outputNames, [output]);
            }
        }
        finally
        {
            zValue?.Dispose();
            labelValue?.Dispose();
        }
    }

    /// <summary>Checks the inputs (<c>z</c> float [N, latent], and <c>label</c> int64 [N] exactly when conditional) and the one float [N, features]
    /// output; returns the output's name.</summary>
    private static string CheckSignature(InferenceSession session, GeneratorOnnxMetadata metadata, string path)
    {
        InvalidDataException Invalid(string what) => new($"'{path}' does not have the inputs and output of a GanMl generator: {what}");
        static string Shape(NodeMetadata m) => "[" + string.Join(", ", m.Dimensions.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        bool conditional = metadata.Label is not null;
        var inputs = session.InputMetadata;
        var expected = conditional ? new[] { NoiseInput, LabelInput } : [NoiseInput];
        if (inputs.Count != expected.Length || expected.Any(n => !inputs.ContainsKey(n)))
            throw Invalid($"its inputs are {string.Join(", ", inputs.Keys.Select(k => $"'{k}'"))}; a {(conditional ? "conditional" : "unconditional")} generator has {string.Join(" and ", expected.Select(k => $"'{k}'"))}.");
        var z = inputs[NoiseInput];
        if (!z.IsTensor || z.ElementDataType != TensorElementType.Float || z.Dimensions.Length != 2 || z.Dimensions[0] >= 0 || z.Dimensions[1] != metadata.LatentDimension)
            throw Invalid($"input 'z' is {z.ElementDataType} {Shape(z)}; expected Float [N, {metadata.LatentDimension}] ('{GeneratorOnnxMetadata.LatentDimensionKey}').");
        if (conditional)
        {
            var label = inputs[LabelInput];
            if (!label.IsTensor || label.ElementDataType != TensorElementType.Int64 || label.Dimensions.Length != 1 || label.Dimensions[0] >= 0)
                throw Invalid($"input 'label' is {label.ElementDataType} {Shape(label)}; expected Int64 [N].");
        }
        if (session.OutputMetadata.Count != 1)
            throw Invalid($"it has {session.OutputMetadata.Count} outputs; a generator has one.");
        var (name, output) = session.OutputMetadata.Single();
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || output.Dimensions.Length != 2 || output.Dimensions[0] >= 0 || output.Dimensions[1] != metadata.FeatureSize)
            throw Invalid($"output '{name}' is {output.ElementDataType} {Shape(output)}; expected Float [N, {metadata.FeatureSize}] ('{GeneratorOnnxMetadata.FeatureSizeKey}').");
        return name;
    }

    public void Dispose() => _session.Dispose();
}
