using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>The label column's kind of type, as <c>ganml.label_kind</c> names it.</summary>
internal enum OnnxLabelKind { Key, Text, Boolean, Number }

/// <summary>
/// A conditional generator's label column, rebuilt from the ONNX metadata with the type it had in training: class
/// indices to column values (and the KeyValues annotation of a key column), and label values back to class indices,
/// matched as GanMl's <c>GanTransformer.Generate</c> matches them.
/// </summary>
internal sealed class OnnxLabelColumn
{
    private const string KeyValuesKind = "KeyValues";
    private readonly Dictionary<string, int> _indexByName;
    private readonly object[] _rawValues;

    private OnnxLabelColumn(string name, OnnxLabelKind kind, DataViewType type, IReadOnlyList<string> classNames, PrimitiveDataViewType? keyValueType)
    {
        Name = name;
        Kind = kind;
        Type = type;
        ClassNames = classNames;
        KeyValueType = keyValueType;
        _indexByName = LabelLookup.IndexByName(classNames);
        _rawValues = Enumerable.Range(0, classNames.Count).Select(ParseRawValue).ToArray();
        Annotations = keyValueType is null ? null : KeyValueAnnotations(keyValueType, classNames);
    }

    public string Name { get; }
    public OnnxLabelKind Kind { get; }
    /// <summary>The column's ML.NET type: a UInt32 key of the class count, text, boolean or a number type.</summary>
    public DataViewType Type { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public PrimitiveDataViewType? KeyValueType { get; }
    /// <summary>The KeyValues annotation of a key column that had one, else null.</summary>
    public DataViewSchema.Annotations? Annotations { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>
    /// Builds the column from the metadata values; throws <see cref="FormatException"/> naming what does not fit.
    /// Files written before <c>ganml.label_kind</c> existed have text labels.
    /// </summary>
    public static OnnxLabelColumn Create(string name, IReadOnlyList<string> classNames, string? kindText, string? typeText, string? keyValueTypeText)
    {
        var kind = kindText switch
        {
            null or "text" => OnnxLabelKind.Text,
            "key" => OnnxLabelKind.Key,
            "boolean" => OnnxLabelKind.Boolean,
            "number" => OnnxLabelKind.Number,
            _ => throw new FormatException($"ganml.label_kind is '{kindText}'; expected key, text, boolean or number."),
        };
        DataViewType type;
        switch (kind)
        {
            case OnnxLabelKind.Key:
                if (typeText is not (null or "UInt32")) throw new FormatException($"ganml.label_type of a key label is '{typeText}'; GanMl keys are UInt32.");
                type = new KeyDataViewType(typeof(uint), classNames.Count);
                break;
            case OnnxLabelKind.Text:
                type = TextDataViewType.Instance;
                break;
            case OnnxLabelKind.Boolean:
                type = BooleanDataViewType.Instance;
                break;
            default:
                type = Primitive(typeText ?? throw new FormatException("a number label needs ganml.label_type."), "ganml.label_type") is NumberDataViewType number
                    ? number : throw new FormatException($"ganml.label_type of a number label is '{typeText}', which is not a number type.");
                break;
        }
        PrimitiveDataViewType? keyValueType = null;
        if (keyValueTypeText is not null)
        {
            if (kind != OnnxLabelKind.Key) throw new FormatException($"ganml.key_value_type is set for a {kindText} label; only key labels have key values.");
            keyValueType = Primitive(keyValueTypeText, "ganml.key_value_type");
        }
        return new OnnxLabelColumn(name, kind, type, classNames, keyValueType);
    }

    /// <summary>The column value of class <paramref name="index"/>, boxed in the column's raw type.</summary>
    public object RawValue(int index) => _rawValues[index];

    /// <summary>Finds the class of a label given as its training value (or, for keys, as the key number as a <see cref="uint"/>).</summary>
    public int IndexOf(object label) => LabelLookup.IndexOf(label, Name, ClassNames, _indexByName, Kind == OnnxLabelKind.Key,
        Kind == OnnxLabelKind.Number || KeyValueType is NumberDataViewType,
        (Kind == OnnxLabelKind.Number ? Type.RawType : KeyValueType?.RawType) == typeof(float));

    private object ParseRawValue(int index)
    {
        string name = ClassNames[index];
        try
        {
            return Kind switch
            {
                OnnxLabelKind.Key => (uint)(index + 1),
                OnnxLabelKind.Text => name.AsMemory(),
                OnnxLabelKind.Boolean => bool.Parse(name),
                _ => Convert.ChangeType(double.Parse(name, NumberStyles.Float, CultureInfo.InvariantCulture), Type.RawType, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new FormatException($"class label '{name}' is not a value of the label column's type {Type}.", e);
        }
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

    /// <summary>The KeyValues annotation: the class names converted back to the key values' item type, as ML.NET's MapValueToKey writes it.</summary>
    private static DataViewSchema.Annotations KeyValueAnnotations(PrimitiveDataViewType itemType, IReadOnlyList<string> names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var t = itemType.RawType;
        try
        {
            if (t == typeof(ReadOnlyMemory<char>)) Add(builder, itemType, names, n => n.AsMemory());
            else if (t == typeof(float)) Add(builder, itemType, names, n => (float)Number(n));
            else if (t == typeof(double)) Add(builder, itemType, names, Number);
            else if (t == typeof(int)) Add(builder, itemType, names, n => checked((int)Number(n)));
            else if (t == typeof(uint)) Add(builder, itemType, names, n => checked((uint)Number(n)));
            else if (t == typeof(long)) Add(builder, itemType, names, n => checked((long)Number(n)));
            else if (t == typeof(bool)) Add(builder, itemType, names, bool.Parse);
            else throw new FormatException($"key values of type {itemType} are not supported.");
        }
        catch (OverflowException e)
        {
            throw new FormatException($"a class label is outside the range of the key values' type {itemType}.", e);
        }
        return builder.ToAnnotations();
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Add<T>(DataViewSchema.Annotations.Builder builder, PrimitiveDataViewType itemType, IReadOnlyList<string> names, Func<string, T> parse)
    {
        var values = names.Select(parse).ToArray();
        builder.Add(KeyValuesKind, new VectorDataViewType(itemType, values.Length), (ref VBuffer<T> v) => v = new VBuffer<T>(values.Length, values));
    }
}
