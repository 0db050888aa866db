using System.Globalization;
using System.Text.Json;
using GanMl.Torch;

namespace GanMl;

/// <summary>
/// Writes <see cref="GanTransformer.ExportOnnx"/>'s file: the generator graph and the <c>ganml.*</c> metadata_props that
/// GanMl.Onnx's <c>OnnxGenerator</c> reads back to rebuild <see cref="GanTransformer.Generate(int, int?)"/>'s schema.
/// GanMl.Onnx has no reference to this assembly, so it repeats the key names; its tests read files written here.
/// </summary>
internal static class GeneratorOnnxMetadata
{
    public const string FeatureColumn = "ganml.feature_column";
    public const string FeatureSize = "ganml.feature_size";
    public const string LatentDimension = "ganml.latent_dimension";
    /// <summary>"min max", invariant round-trip floats.</summary>
    public const string ValueRange = "ganml.value_range";
    /// <summary>"C H W", image models only.</summary>
    public const string ImageShape = "ganml.image_shape";
    public const string LabelColumn = "ganml.label_column";
    /// <summary>JSON array of strings: the classes as text, in class-index order (the ONNX <c>label</c> input).</summary>
    public const string ClassLabels = "ganml.class_labels";
    /// <summary>JSON array of integers: training rows per class, so that unlabelled draws follow the training frequencies.</summary>
    public const string ClassCounts = "ganml.class_counts";
    /// <summary>The label column's kind: key, text, boolean or number.</summary>
    public const string LabelKind = "ganml.label_kind";
    /// <summary>The label column's raw .NET type: UInt32 for keys, String for text, Boolean, Single, Double, Int32, Int64, UInt32, Int16, Byte.</summary>
    public const string LabelType = "ganml.label_type";
    /// <summary>Item type of a key label's KeyValues annotation (same names as <see cref="LabelType"/>); absent when it has none.</summary>
    public const string KeyValueType = "ganml.key_value_type";

    /// <summary>Exports <paramref name="gan"/>'s generator with its metadata to <paramref name="path"/> (temporary file and rename).</summary>
    public static void Export(GanTransformer gan, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var graph = new GanMl.Onnx.OnnxGraph();
        gan.Trainer.ExportGenerator(graph, gan.Info.Scaler.Min, gan.Info.Scaler.Max);
        var bytes = graph.ToModel("ganml_generator", Create(gan), typeof(GanTransformer).Assembly.GetName().Version?.ToString() ?? "");
        try { GanMl.IO.AtomicFile.WriteAllBytes(path, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new IOException($"Could not write the ONNX model to '{path}': {e.Message}", e);
        }
    }

    /// <summary>The metadata of <paramref name="gan"/>'s generator.</summary>
    public static Dictionary<string, string> Create(GanTransformer gan)
    {
        var metadata = new Dictionary<string, string>
        {
            [FeatureColumn] = gan.FeatureColumnName,
            [FeatureSize] = gan.FeatureSize.ToString(CultureInfo.InvariantCulture),
            [LatentDimension] = gan.Trainer.Spec.LatentDimension.ToString(CultureInfo.InvariantCulture),
            [ValueRange] = string.Create(CultureInfo.InvariantCulture, $"{gan.FeatureRange.Min} {gan.FeatureRange.Max}"),
        };
        if (gan.ImageShape is { } shape) metadata[ImageShape] = string.Create(CultureInfo.InvariantCulture, $"{shape.Channels} {shape.Height} {shape.Width}");
        if (gan.Info.Labels is { } labels)
        {
            metadata[LabelColumn] = labels.ColumnName;
            metadata[ClassLabels] = JsonSerializer.Serialize(labels.ClassNames);
            metadata[ClassCounts] = JsonSerializer.Serialize(gan.ClassCounts);
            metadata[LabelKind] = labels.Kind.ToString().ToLowerInvariant();
            metadata[LabelType] = TypeName(labels.Type.RawType);
            if (labels.KeyValueType is { } keyValues) metadata[KeyValueType] = TypeName(keyValues.RawType);
        }
        return metadata;
    }

    private static string TypeName(Type rawType) => rawType == typeof(ReadOnlyMemory<char>) ? "String" : rawType.Name;
}
