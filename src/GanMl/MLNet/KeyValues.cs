using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>Reads a key column's KeyValues annotation as invariant text and writes it back in its original item type.</summary>
internal static class KeyValues
{
    public const string Kind = "KeyValues";

    /// <summary>The key values as text (numbers in round-trip form) and their item type, or null when the column has none.</summary>
    public static (string[] Names, PrimitiveDataViewType ItemType)? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(Kind) is not { Type: VectorDataViewType { ItemType: PrimitiveDataViewType item } }) return null;
        string[]? names = item.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Get<ReadOnlyMemory<char>>(column, v => v.ToString()),
            var t when t == typeof(float) => Get<float>(column, SingleText),
            var t when t == typeof(double) => Get<double>(column, Text),
            var t when t == typeof(int) => Get<int>(column, v => Text(v)),
            var t when t == typeof(uint) => Get<uint>(column, v => Text(v)),
            var t when t == typeof(long) => Get<long>(column, v => Text(v)),
            var t when t == typeof(bool) => Get<bool>(column, v => v.ToString(CultureInfo.InvariantCulture)),
            _ => null,
        };
        return names is null ? null : (names, item);
    }

    /// <summary>
    /// An annotation holding <paramref name="names"/> converted back to <paramref name="itemType"/>; throws
    /// <see cref="FormatException"/> or <see cref="OverflowException"/> for a name that is not a value of that type.
    /// </summary>
    public static DataViewSchema.Annotations Create(PrimitiveDataViewType itemType, IReadOnlyList<string> names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var t = itemType.RawType;
        if (t == typeof(ReadOnlyMemory<char>)) Add(builder, itemType, names, n => n.AsMemory());
        else if (t == typeof(float)) Add(builder, itemType, names, n => (float)Number(n));
        else if (t == typeof(double)) Add(builder, itemType, names, Number);
        else if (t == typeof(int)) Add(builder, itemType, names, n => checked((int)Number(n)));
        else if (t == typeof(uint)) Add(builder, itemType, names, n => checked((uint)Number(n)));
        else if (t == typeof(long)) Add(builder, itemType, names, n => checked((long)Number(n)));
        else if (t == typeof(bool)) Add(builder, itemType, names, bool.Parse);
        else throw new NotSupportedException($"Key values of type {itemType} are not supported.");
        return builder.ToAnnotations();
    }

    /// <summary>A number as the invariant round-trip text that labels are matched by.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A Single in its own round-trip text ("0.1", not the "0.10000000149011612" of its widened double), so that a label
    /// given as the float literal it was trained on is found.
    /// </summary>
    public static string SingleText(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Rewrites a Single label's text in <see cref="SingleText"/> form; model files of GanMl 0.1 stored
    /// <c>(double)value</c> ("0.10000000149011612"), which parses back to the same float.
    /// </summary>
    public static string NormalizeSingleText(string text) => SingleText(float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string[] Get<T>(DataViewSchema.Column column, Func<T, string> text)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(Kind, ref values);
        return values.DenseValues().Select(text).ToArray();
    }

    private static void Add<T>(DataViewSchema.Annotations.Builder builder, PrimitiveDataViewType itemType, IReadOnlyList<string> names, Func<string, T> parse)
    {
        var values = names.Select(parse).ToArray();
        builder.Add(Kind, new VectorDataViewType(itemType, values.Length), (ref VBuffer<T> v) => v = new VBuffer<T>(values.Length, values));
    }
}
