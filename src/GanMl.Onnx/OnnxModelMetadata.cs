using System.Globalization;
using System.Text.Json;

namespace GanMl;

/// <summary>
/// The <c>ganml.*</c> metadata_props that GanMl's <c>GanTransformer.ExportOnnx</c> writes (GanMl's GeneratorOnnxMetadata
/// holds the writer; the key names are repeated here because this assembly does not reference GanMl).
/// </summary>
internal sealed record OnnxModelMetadata(
    string FeatureColumn, int FeatureSize, int LatentDimension, OnnxValueRange Range, OnnxImageShape? ImageShape,
    OnnxLabelColumn? Label, IReadOnlyList<long> ClassCounts)
{
    public const string FeatureColumnKey = "ganml.feature_column";
    public const string FeatureSizeKey = "ganml.feature_size";
    public const string LatentDimensionKey = "ganml.latent_dimension";
    public const string ValueRangeKey = "ganml.value_range";
    public const string ImageShapeKey = "ganml.image_shape";
    public const string LabelColumnKey = "ganml.label_column";
    public const string ClassLabelsKey = "ganml.class_labels";
    public const string ClassCountsKey = "ganml.class_counts";
    public const string LabelKindKey = "ganml.label_kind";
    public const string LabelTypeKey = "ganml.label_type";
    public const string KeyValueTypeKey = "ganml.key_value_type";

    /// <summary>Most classes GanMl trains a conditional GAN on.</summary>
    private const int MaxClasses = 1000;

    /// <summary>Reads the metadata; throws <see cref="FormatException"/> naming the key that is missing or invalid.</summary>
    public static OnnxModelMetadata Parse(IReadOnlyDictionary<string, string> metadata)
    {
        string Required(string key) => metadata.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new FormatException($"it has no '{key}' metadata.");
        string? Optional(string key) => metadata.TryGetValue(key, out var v) ? v : null;
        int Positive(string key, string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new FormatException($"its '{key}' metadata is '{text}', not a positive integer.");

        string feature = Required(FeatureColumnKey);
        int size = Positive(FeatureSizeKey, Required(FeatureSizeKey));
        int latent = Positive(LatentDimensionKey, Required(LatentDimensionKey));
        string rangeText = Required(ValueRangeKey);
        var bounds = rangeText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (bounds.Length != 2 || !float.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float min)
            || !float.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float max) || !float.IsFinite(min) || !float.IsFinite(max) || !(max > min))
            throw new FormatException($"its '{ValueRangeKey}' metadata is '{rangeText}', not \"min max\" with min < max.");

        OnnxImageShape? shape = null;
        if (Optional(ImageShapeKey) is { } shapeText)
        {
            var parts = shapeText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3) throw new FormatException($"its '{ImageShapeKey}' metadata is '{shapeText}', not \"C H W\".");
            var s = new OnnxImageShape(Positive(ImageShapeKey, parts[0]), Positive(ImageShapeKey, parts[1]), Positive(ImageShapeKey, parts[2]));
            if ((long)s.Channels * s.Height * s.Width != size)
                throw new FormatException($"its '{ImageShapeKey}' {s} holds {(long)s.Channels * s.Height * s.Width} values, but '{FeatureSizeKey}' is {size}.");
            shape = s;
        }

        OnnxLabelColumn? label = null;
        IReadOnlyList<long> counts = [];
        if (Optional(LabelColumnKey) is { } labelColumn)
        {
            if (string.IsNullOrWhiteSpace(labelColumn)) throw new FormatException($"its '{LabelColumnKey}' metadata is empty.");
            var names = Json<string[]>(ClassLabelsKey, Required(ClassLabelsKey));
            if (names.Length < 2 || names.Length > MaxClasses || names.Any(n => n is null))
                throw new FormatException($"its '{ClassLabelsKey}' metadata lists {names.Length} classes; a conditional generator has between 2 and {MaxClasses}.");
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new FormatException($"its '{ClassLabelsKey}' metadata repeats a class.");
            label = OnnxLabelColumn.Create(labelColumn, names, Optional(LabelKindKey), Optional(LabelTypeKey), Optional(KeyValueTypeKey));
            if (Optional(ClassCountsKey) is { } countsText)
            {
                var parsed = Json<long[]>(ClassCountsKey, countsText);
                if (parsed.Length != names.Length || parsed.Any(c => c < 0) || parsed.Sum() <= 0)
                    throw new FormatException($"its '{ClassCountsKey}' metadata must give a non-negative count for each of the {names.Length} classes, not all zero.");
                counts = parsed;
            }
        }
        else if (Optional(ClassLabelsKey) is not null)
            throw new FormatException($"it has '{ClassLabelsKey}' but no '{LabelColumnKey}' metadata.");
        return new OnnxModelMetadata(feature, size, latent, new OnnxValueRange(min, max), shape, label, counts);
    }

    private static T Json<T>(string key, string text)
    {
        try { return JsonSerializer.Deserialize<T>(text) ?? throw new FormatException($"its '{key}' metadata is null."); }
        catch (JsonException e) { throw new FormatException($"its '{key}' metadata is not a JSON array of the expected type: {e.Message}", e); }
    }
}
