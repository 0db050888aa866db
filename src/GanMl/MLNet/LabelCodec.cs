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

    private LabelCodec(string columnName, LabelKind kind, DataViewType type, IReadOnlyList<string> classNames, bool hasKeyValues)
    {
        ColumnName = columnName;
        Kind = kind;
        Type = type;
        ClassNames = classNames;
        HasKeyValues = hasKeyValues;
        _indexByName = classNames.Select((name, i) => (name, i)).GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public string ColumnName { get; }
    public LabelKind Kind { get; }
    public DataViewType Type { get; }
    /// <summary>Class i's value as text: the key value (or key number), the string, "True"/"False", or the number (round-trip format).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    public bool HasKeyValues { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>Checks the column's type; returns the kind, or throws naming the column.</summary>
    public static LabelKind KindOf(DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is KeyDataViewType key)
        {
            if (type.RawType != typeof(uint)) throw new ArgumentException($"Label column '{column.Name}' is a key of {type.RawType.Name}; only UInt32 keys (as MapValueToKey makes) are supported.");
            if (key.Count == 0 || key.Count > 100_000) throw new ArgumentException($"Label column '{column.Name}' is a key with {key.Count} values; expected between 1 and 100,000.");
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
        bool hasKeyValues = false;
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.GetKeyValues(ref values);
            var dense = values.DenseValues().Select(v => v.ToString()).ToArray();
            if (dense.Length == count && dense.Distinct(StringComparer.Ordinal).Count() == count) { names = dense; hasKeyValues = true; }
        }
        return new LabelCodec(column.Name, LabelKind.Key, column.Type, names, hasKeyValues);
    }

    public static LabelCodec FromDistinctValues(string columnName, LabelKind kind, DataViewType type, IEnumerable<string> distinctNames) =>
        new(columnName, kind, type, Order(kind, distinctNames), hasKeyValues: false);

    public static LabelCodec Restore(string columnName, LabelKind kind, DataViewType type, IReadOnlyList<string> classNames, bool hasKeyValues) =>
        new(columnName, kind, type, classNames, hasKeyValues);

    /// <summary>A getter giving the row's label as text (null when missing: key 0 or NaN).</summary>
    public static Func<string?> CreateNameGetter(DataViewRow row, DataViewSchema.Column column, LabelKind kind)
    {
        switch (kind)
        {
            case LabelKind.Key:
                { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v == 0 ? null : v.ToString(CultureInfo.InvariantCulture); }; }
            case LabelKind.Text:
                { var g = row.GetGetter<ReadOnlyMemory<char>>(column); ReadOnlyMemory<char> v = default; return () => { g(ref v); return v.ToString(); }; }
            case LabelKind.Boolean:
                { var g = row.GetGetter<bool>(column); bool v = false; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
            default:
                var number = NumberGetter(row, column);
                return () => { double d = number(); return double.IsNaN(d) ? null : d.ToString("R", CultureInfo.InvariantCulture); };
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

    /// <summary>Finds the class of a label given as its training value (or, for keys, as the key number).</summary>
    public int IndexOf(object label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string text = label switch
        {
            ReadOnlyMemory<char> m => m.ToString(),
            string s => s,
            bool b => b.ToString(CultureInfo.InvariantCulture),
            uint k when Kind == LabelKind.Key => k.ToString(CultureInfo.InvariantCulture),
            IConvertible c when Kind == LabelKind.Number => c.ToDouble(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(label, CultureInfo.InvariantCulture) ?? "",
        };
        if (_indexByName.TryGetValue(text, out int index)) return index;
        if (Kind == LabelKind.Key && HasKeyValues && uint.TryParse(text, out uint key) && key >= 1 && key <= ClassCount) return (int)key - 1;
        var known = string.Join(", ", ClassNames.Take(20).Select(n => $"'{n}'")) + (ClassCount > 20 ? ", …" : "");
        throw new ArgumentException($"Label '{text}' was not seen in training column '{ColumnName}'. Known labels: {known}.", nameof(label));
    }

    /// <summary>The value to put in the label column for class <paramref name="index"/>, in the column's raw type.</summary>
    public object RawValue(int index) => Kind switch
    {
        LabelKind.Key => (uint)(index + 1),
        LabelKind.Text => ClassNames[index].AsMemory(),
        LabelKind.Boolean => bool.Parse(ClassNames[index]),
        _ => Convert.ChangeType(double.Parse(ClassNames[index], CultureInfo.InvariantCulture), Type.RawType, CultureInfo.InvariantCulture),
    };

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
