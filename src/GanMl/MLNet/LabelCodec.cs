using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Maps a label column of any supported ML.NET type (key, text, bool, numeric) to class indices 0..n-1 and back.
/// Classes are stored as invariant strings so that the mapping survives Save/Load.
/// </summary>
internal sealed class LabelCodec
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Most classes a conditional GAN takes; more usually means an id or a continuous column was given as the label.</summary>
    public const int MaxClasses = 1000;

    private LabelCodec(string columnName, LabelKind kind, DataViewType type, IReadOnlyList<string> classNames, PrimitiveDataViewType? keyValueType)
    {
        ColumnName = columnName;
        Kind = kind;
        Type = type;
        ClassNames = classNames;
        KeyValueType = keyValueType;
        // Class index by class text; the first class wins if two share a text.
        _indexByName = classNames.Select((name, i) => (name, i)).GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public string ColumnName { get; }
    public LabelKind Kind { get; }
    public DataViewType Type { get; }
    /// <summary>Class i's value as text: the key value (or key number), the string, "True"/"False", or the number (round-trip format).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Item type of the key column's KeyValues annotation, or null when it has none.</summary>
    public PrimitiveDataViewType? KeyValueType { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>Checks the column's type; returns the kind, or throws naming the column.</summary>
    public static LabelKind KindOf(DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is KeyDataViewType key)
        {
            if (type.RawType != typeof(uint)) throw new ArgumentException($"Label column '{column.Name}' is a key of {type.RawType.Name}; only UInt32 keys (as MapValueToKey makes) are supported.");
            if (key.Count < 2 || key.Count > MaxClasses)
                throw new ArgumentException($"Label column '{column.Name}' is a key with {key.Count} values; a conditional GAN needs between 2 and {MaxClasses} classes.");
            return LabelKind.Key;
        }
        if (type is TextDataViewType) return LabelKind.Text;
        if (type is BooleanDataViewType) return LabelKind.Boolean;
        if (type is NumberDataViewType) return LabelKind.Number;
        throw new ArgumentException($"Label column '{column.Name}' has type {type}; expected a scalar key, text, boolean or numeric column.");
    }

    /// <summary>For a key column the classes are known from its type; other kinds need the distinct values seen in the data.</summary>
    public static LabelCodec FromKeyColumn(DataViewSchema.Column column)
    {
        var key = (KeyDataViewType)column.Type;
        int count = (int)key.Count;
        var names = Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        PrimitiveDataViewType? keyValueType = null;
        if (KeyValues.Read(column) is { } values && values.Names.Length == count && values.Names.Distinct(StringComparer.Ordinal).Count() == count)
            (names, keyValueType) = values;
        return new LabelCodec(column.Name, LabelKind.Key, column.Type, names, keyValueType);
    }

    public static LabelCodec FromDistinctValues(string columnName, LabelKind kind, DataViewType type, IReadOnlyCollection<string> distinctNames)
    {
        if (distinctNames.Count < 2 || distinctNames.Count > MaxClasses)
            throw new InvalidOperationException($"Label column '{columnName}' has {distinctNames.Count} distinct value(s); a conditional GAN needs between 2 and {MaxClasses} classes.");
        return new(columnName, kind, type, Order(kind, distinctNames), keyValueType: null);
    }

    /// <summary>
    /// Rebuilds a codec from a model file or an exported generator's metadata; with <paramref name="normalizeSingles"/>, Single
    /// class names written as widened doubles by older model files are normalised.
    /// </summary>
    public static LabelCodec Restore(string columnName, LabelKind kind, DataViewType type, IReadOnlyList<string> classNames, PrimitiveDataViewType? keyValueType,
        bool normalizeSingles = true)
    {
        if (normalizeSingles && IsSingle(kind, type, keyValueType)) classNames = classNames.Select(KeyValues.NormalizeSingleText).ToArray();
        return new(columnName, kind, type, classNames, keyValueType);
    }

    /// <summary>A getter giving the row's label as text (null when missing: key 0 or NaN).</summary>
    public static Func<string?> CreateNameGetter(DataViewRow row, DataViewSchema.Column column, LabelKind kind)
    {
        switch (kind)
        {
            case LabelKind.Key:
                { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v == 0 ? null : v.ToString(CultureInfo.InvariantCulture); }; }
            case LabelKind.Text:
                // Empty text is missing, as MapValueToKey treats it.
                { var g = row.GetGetter<ReadOnlyMemory<char>>(column); ReadOnlyMemory<char> v = default; return () => { g(ref v); return v.Span.IsWhiteSpace() ? null : v.ToString(); }; }
            case LabelKind.Boolean:
                { var g = row.GetGetter<bool>(column); bool v = false; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
            default:
                if (column.Type.RawType == typeof(float))
                { var g = row.GetGetter<float>(column); float v = 0; return () => { g(ref v); return float.IsNaN(v) ? null : KeyValues.SingleText(v); }; }
                var number = NumberGetter(row, column);
                return () => { double d = number(); return double.IsNaN(d) ? null : KeyValues.Text(d); };
        }
    }

    /// <summary>A getter giving the row's class index, or -1 when the label is missing or was not seen in training.</summary>
    public Func<int> CreateIndexGetter(DataViewRow row, DataViewSchema.Column column)
    {
        if (Kind == LabelKind.Key)
        {
            var g = row.GetGetter<uint>(column);
            uint v = 0;
            return () => { g(ref v); return v == 0 || v > ClassCount ? -1 : (int)v - 1; };
        }
        var name = CreateNameGetter(row, column, Kind);
        return () => name() is { } n && _indexByName.TryGetValue(n, out int i) ? i : -1;
    }

    /// <summary>
    /// Finds the class of a label given as its training value (or, for keys, as the key number), for
    /// <c>GanTransformer.Generate</c> and <see cref="OnnxGenerator"/> alike: text, booleans and numbers are matched by their
    /// invariant text, a Single class also by a double written with the same digits, and a key class also by its key number
    /// as a <see cref="uint"/>.
    /// </summary>
    public int IndexOf(object label)
    {
        ArgumentNullException.ThrowIfNull(label);
        bool isKey = Kind == LabelKind.Key;
        if (isKey && label is uint key)
        {
            if (key >= 1 && key <= ClassCount) return (int)key - 1;
            throw new ArgumentException($"Key {key} is outside label column '{ColumnName}''s key range 1..{ClassCount}.", nameof(label));
        }
        bool numeric = Kind == LabelKind.Number || KeyValueType is NumberDataViewType;
        string text = label switch
        {
            ReadOnlyMemory<char> m => m.ToString(),
            string s => s,
            bool b => b.ToString(CultureInfo.InvariantCulture),
            // A Single class is matched as a float, so 0.1 and 0.1f both find the class trained as 0.1f.
            IConvertible c when numeric && IsSingle(Kind, Type, KeyValueType) => c.ToSingle(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            IConvertible c when numeric => c.ToDouble(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(label, CultureInfo.InvariantCulture) ?? "",
        };
        if (_indexByName.TryGetValue(text, out int index)) return index;
        var known = string.Join(", ", ClassNames.Take(20).Select(n => $"'{n}'")) + (ClassCount > 20 ? ", …" : "");
        throw new ArgumentException($"Label '{text}' was not seen in training column '{ColumnName}'. Known labels: {known}" +
            (isKey ? " (or pass the key number as a uint)." : "."), nameof(label));
    }

    /// <summary>The value to put in the label column for class <paramref name="index"/>, in the column's raw type.</summary>
    public object RawValue(int index) => Kind switch
    {
        LabelKind.Key => (uint)(index + 1),
        LabelKind.Text => ClassNames[index].AsMemory(),
        LabelKind.Boolean => bool.Parse(ClassNames[index]),
        _ => Convert.ChangeType(double.Parse(ClassNames[index], CultureInfo.InvariantCulture), Type.RawType, CultureInfo.InvariantCulture),
    };

    /// <summary>Every class's value in the label column, in class order (see <see cref="RawValue"/>).</summary>
    public object[] RawValues() => Enumerable.Range(0, ClassCount).Select(RawValue).ToArray();

    /// <summary>The KeyValues annotation of a key column that had key values (as ML.NET's MapValueToKey writes it), else null.</summary>
    public DataViewSchema.Annotations? CreateAnnotations() => KeyValueType is { } itemType ? KeyValues.Create(itemType, ClassNames) : null;

    private static bool IsSingle(LabelKind kind, DataViewType type, PrimitiveDataViewType? keyValueType) =>
        (kind == LabelKind.Number ? type.RawType : keyValueType?.RawType) == typeof(float);

    private static Func<double> NumberGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(float)) { var g = row.GetGetter<float>(column); float v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(double)) { var g = row.GetGetter<double>(column); double v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(int)) { var g = row.GetGetter<int>(column); int v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(long)) { var g = row.GetGetter<long>(column); long v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(uint)) { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(short)) { var g = row.GetGetter<short>(column); short v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(byte)) { var g = row.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
        throw new ArgumentException($"Label column '{column.Name}' has numeric type {raw.Name}, which is not supported; convert it to Single first.");
    }

    private static string[] Order(LabelKind kind, IEnumerable<string> names) => kind switch
    {
        LabelKind.Number => names.OrderBy(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray(),
        _ => names.OrderBy(n => n, StringComparer.Ordinal).ToArray(),
    };
}

/// <summary>The label column's kind of type.</summary>
internal enum LabelKind { Key, Text, Boolean, Number }
