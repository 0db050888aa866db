using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// The <c>ganml.*</c> metadata_props of an exported GanMl generator: GanMl.TorchSharp's <c>GanTransformer.ExportOnnx</c>
/// writes them (<see cref="ToDictionary"/>) and <see cref="OnnxGenerator"/> reads them back (<see cref="Parse"/>) to rebuild
/// <c>GanTransformer.Generate</c>'s schema. One type for both sides, so the key names and formats cannot drift apart.
/// </summary>
/// <param name="FeatureColumn">The feature column the GAN learned.</param>
/// <param name="FeatureSize">Values per generated row.</param>
/// <param name="LatentDimension">Length of the noise vector <c>z</c>.</param>
/// <param name="Range">The training value range.</param>
/// <param name="ImageShape">The image layout of image models, else null.</param>
/// <param name="Label">The label column of a conditional generator, else null.</param>
/// <param name="ClassCounts">Training rows per class; empty when unconditional or not recorded.</param>
internal sealed record GeneratorOnnxMetadata(
    string FeatureColumn, int FeatureSize, int LatentDimension, ValueRange Range, ImageShape? ImageShape,
    LabelCodec? Label, IReadOnlyList<long> ClassCounts)
{
    public const string FeatureColumnKey = "ganml.feature_column";
    public const string FeatureSizeKey = "ganml.feature_size";
    public const string LatentDimensionKey = "ganml.latent_dimension";
    /// <summary>"min max", invariant round-trip floats.</summary>
    public const string ValueRangeKey = "ganml.value_range";
    /// <summary>"C H W", image models only.</summary>
    public const string ImageShapeKey = "ganml.image_shape";
    public const string LabelColumnKey = "ganml.label_column";
    /// <summary>JSON array of strings: the classes as text, in class-index order (the ONNX <c>label</c> input).</summary>
    public const string ClassLabelsKey = "ganml.class_labels";
    /// <summary>JSON array of integers: training rows per class, so that unlabelled draws follow the training frequencies.</summary>
    public const string ClassCountsKey = "ganml.class_counts";
    /// <summary>The label column's kind: key, text, boolean or number.</summary>
    public const string LabelKindKey = "ganml.label_kind";
    /// <summary>The label column's raw .NET type: UInt32 for keys, String for text, Boolean, Single, Double, Int32, Int64, UInt32, Int16,
    /// Byte.</summary>
    public const string LabelTypeKey = "ganml.label_type";
    /// <summary>Item type of a key label's KeyValues annotation (same names as <see cref="LabelTypeKey"/>); absent when it has none.</summary>
    public const string KeyValueTypeKey = "ganml.key_value_type";

    /// <summary>The metadata_props to write into the ONNX file.</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var metadata = new Dictionary<string, string>
        {
            [FeatureColumnKey] = FeatureColumn,
            [FeatureSizeKey] = FeatureSize.ToString(CultureInfo.InvariantCulture),
            [LatentDimensionKey] = LatentDimension.ToString(CultureInfo.InvariantCulture),
            [ValueRangeKey] = string.Create(CultureInfo.InvariantCulture, $"{Range.Min} {Range.Max}"),
        };
        if (ImageShape is { } shape) metadata[ImageShapeKey] = string.Create(CultureInfo.InvariantCulture, $"{shape.Channels} {shape.Height} {shape.Width}");
        if (Label is { } labels)
        {
            metadata[LabelColumnKey] = labels.ColumnName;
            metadata[ClassLabelsKey] = JsonSerializer.Serialize(labels.ClassNames);
            metadata[ClassCountsKey] = JsonSerializer.Serialize(ClassCounts);
            metadata[LabelKindKey] = labels.Kind.ToString().ToLowerInvariant();
            metadata[LabelTypeKey] = TypeName(labels.Type.RawType);
            if (labels.KeyValueType is { } keyValues) metadata[KeyValueTypeKey] = TypeName(keyValues.RawType);
        }
        return metadata;
    }

    /// <summary>Reads the metadata; throws <see cref="FormatException"/> naming the key that is missing or invalid.</summary>
    public static GeneratorOnnxMetadata Parse(IReadOnlyDictionary<string, string> metadata)
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

        ImageShape? shape = null;
        if (Optional(ImageShapeKey) is { } shapeText)
        {
            var parts = shapeText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3) throw new FormatException($"its '{ImageShapeKey}' metadata is '{shapeText}', not \"C H W\".");
            var s = new ImageShape(Positive(ImageShapeKey, parts[0]), Positive(ImageShapeKey, parts[1]), Positive(ImageShapeKey, parts[2]));
            if ((long)s.Channels * s.Height * s.Width != size)
                throw new FormatException($"its '{ImageShapeKey}' {s} holds {(long)s.Channels * s.Height * s.Width} values, but '{FeatureSizeKey}' is {size}.");
            shape = s;
        }

        LabelCodec? label = null;
        IReadOnlyList<long> counts = [];
        if (Optional(LabelColumnKey) is { } labelColumn)
        {
            if (string.IsNullOrWhiteSpace(labelColumn)) throw new FormatException($"its '{LabelColumnKey}' metadata is empty.");
            var names = Json<string[]>(ClassLabelsKey, Required(ClassLabelsKey));
            if (names.Length < 2 || names.Length > LabelCodec.MaxClasses || names.Any(n => n is null))
                throw new FormatException($"its '{ClassLabelsKey}' metadata lists {names.Length} classes; a conditional generator has between 2 and {LabelCodec.MaxClasses}.");
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new FormatException($"its '{ClassLabelsKey}' metadata repeats a class.");
            label = ParseLabel(labelColumn, names, Optional(LabelKindKey), Optional(LabelTypeKey), Optional(KeyValueTypeKey));
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
        return new GeneratorOnnxMetadata(feature, size, latent, new ValueRange(min, max), shape, label, counts);
    }

    /// <summary>
    /// The label column with the type it had in training; throws <see cref="FormatException"/> naming what does not fit.
    /// Files written before <c>ganml.label_kind</c> existed have text labels.
    /// </summary>
    private static LabelCodec ParseLabel(string name, IReadOnlyList<string> classNames, string? kindText, string? typeText, string? keyValueTypeText)
    {
        var kind = kindText switch
        {
            null or "text" => LabelKind.Text,
            "key" => LabelKind.Key,
            "boolean" => LabelKind.Boolean,
            "number" => LabelKind.Number,
            _ => throw new FormatException($"{LabelKindKey} is '{kindText}'; expected key, text, boolean or number."),
        };
        DataViewType type;
        switch (kind)
        {
            case LabelKind.Key:
                if (typeText is not (null or "UInt32")) throw new FormatException($"{LabelTypeKey} of a key label is '{typeText}'; GanMl keys are UInt32.");
                type = new KeyDataViewType(typeof(uint), classNames.Count);
                break;
            case LabelKind.Text:
                type = TextDataViewType.Instance;
                break;
            case LabelKind.Boolean:
                type = BooleanDataViewType.Instance;
                break;
            default:
                type = Primitive(typeText ?? throw new FormatException($"a number label needs {LabelTypeKey}."), LabelTypeKey) is NumberDataViewType number
                    ? number : throw new FormatException($"{LabelTypeKey} of a number label is '{typeText}', which is not a number type.");
                break;
        }
        PrimitiveDataViewType? keyValueType = null;
        if (keyValueTypeText is not null)
        {
            if (kind != LabelKind.Key) throw new FormatException($"{KeyValueTypeKey} is set for a {kindText} label; only key labels have key values.");
            keyValueType = Primitive(keyValueTypeText, KeyValueTypeKey);
        }
        var codec = LabelCodec.Restore(name, kind, type, classNames, keyValueType, normalizeSingles: false);
        // Every class must be a value of the column's type (and of the key values' type), as GanTransformer.Generate writes them.
        for (int i = 0; i < codec.ClassCount; i++)
        {
            try { codec.RawValue(i); }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
            {
                throw new FormatException($"class label '{classNames[i]}' is not a value of the label column's type {type}.", e);
            }
        }
        if (keyValueType is not null)
        {
            try { codec.CreateAnnotations(); }
            catch (Exception e) when (e is FormatException or OverflowException or NotSupportedException)
            {
                throw new FormatException($"the class labels are not values of the key values' type {keyValueType}: {e.Message}", e);
            }
        }
        return codec;
    }

    private static PrimitiveDataViewType Primitive(string name, string key) => name switch
    {
        "String" => TextDataViewType.Instance,
        "Boolean" => BooleanDataViewType.Instance,
        "Single" => NumberDataViewType.Single,
        "Double" => NumberDataViewType.Double,
        "Int32" => NumberDataViewType.Int32,
        "Int64" => NumberDataViewType.Int64,
        "UInt32" => NumberDataViewType.UInt32,
        "Int16" => NumberDataViewType.Int16,
        "Byte" => NumberDataViewType.Byte,
        _ => throw new FormatException($"{key} is '{name}', which is not a supported type (String, Boolean, Single, Double, Int32, Int64, UInt32, Int16, Byte)."),
    };

    private static string TypeName(Type rawType) => rawType == typeof(ReadOnlyMemory<char>) ? "String" : rawType.Name;

    private static T Json<T>(string key, string text)
    {
        try { return JsonSerializer.Deserialize<T>(text) ?? throw new FormatException($"its '{key}' metadata is null."); }
        catch (JsonException e) { throw new FormatException($"its '{key}' metadata is not a JSON array of the expected type: {e.Message}", e); }
    }
}
