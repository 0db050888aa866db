namespace GanMl;

/// <summary>
/// Writes <see cref="GanTransformer.ExportOnnx"/>'s file: the generator graph and the <c>ganml.*</c> metadata_props
/// (<see cref="GeneratorOnnxMetadata"/>, in GanMl's core) that <see cref="OnnxGenerator"/> reads back to rebuild
/// <see cref="GanTransformer.Generate(int, int?)"/>'s schema.
/// </summary>
internal static class GeneratorOnnxFile
{
    /// <summary>Exports <paramref name="gan"/>'s generator with its metadata to <paramref name="path"/> (temporary file and rename).</summary>
    public static void Export(GanTransformer gan, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var graph = new GanMl.Onnx.OnnxGraph();
        gan.Trainer.ExportGenerator(graph, gan.Info.Scaler.Min, gan.Info.Scaler.Max);
        var bytes = graph.ToModel("ganml_generator", Metadata(gan).ToDictionary(), typeof(GanTransformer).Assembly.GetName().Version?.ToString() ?? "");
        try { GanMl.IO.AtomicFile.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new IOException($"Could not write the ONNX model to '{path}': {e.Message}", e);
        }
    }

    /// <summary>The metadata of <paramref name="gan"/>'s generator.</summary>
    public static GeneratorOnnxMetadata Metadata(GanTransformer gan) => new(
        gan.FeatureColumnName, gan.FeatureSize, gan.Trainer.Spec.LatentDimension, gan.FeatureRange, gan.ImageShape,
        gan.Info.Labels, gan.Info.Labels is null ? [] : gan.ClassCounts);
}
