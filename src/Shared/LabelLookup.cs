using System.Globalization;

namespace GanMl;

/// <summary>
/// Finds a class from a label given as its training value, the same way in GanMl and GanMl.Onnx (linked source):
/// text, booleans and numbers are matched by their invariant text, a Single class also by a double written with the
/// same digits, and a key class also by its key number as a <see cref="uint"/>.
/// </summary>
internal static class LabelLookup
{
    /// <summary>Class index by class text; the first class wins if two share a text.</summary>
    public static Dictionary<string, int> IndexByName(IReadOnlyList<string> classNames) =>
        classNames.Select((name, i) => (name, i)).GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

    /// <param name="label">The caller's label.</param>
    /// <param name="columnName">The label column, named in errors.</param>
    /// <param name="classNames">Class i's value as text.</param>
    /// <param name="indexByName">Class index by text.</param>
    /// <param name="isKey">The column is a key: a <see cref="uint"/> is its key number.</param>
    /// <param name="numeric">The classes are numbers (a number column, or a key with numeric key values).</param>
    /// <param name="single">Those numbers are Singles.</param>
    public static int IndexOf(object label, string columnName, IReadOnlyList<string> classNames, IReadOnlyDictionary<string, int> indexByName,
        bool isKey, bool numeric, bool single)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (isKey && label is uint key)
        {
            if (key >= 1 && key <= classNames.Count) return (int)key - 1;
            throw new ArgumentException($"Key {key} is outside label column '{columnName}''s key range 1..{classNames.Count}.", nameof(label));
        }
        string text = label switch
        {
            ReadOnlyMemory<char> m => m.ToString(),
            string s => s,
            bool b => b.ToString(CultureInfo.InvariantCulture),
            // A Single class is matched as a float, so 0.1 and 0.1f both find the class trained as 0.1f.
            IConvertible c when numeric && single => c.ToSingle(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            IConvertible c when numeric => c.ToDouble(CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(label, CultureInfo.InvariantCulture) ?? "",
        };
        if (indexByName.TryGetValue(text, out int index)) return index;
        var known = string.Join(", ", classNames.Take(20).Select(n => $"'{n}'")) + (classNames.Count > 20 ? ", …" : "");
        throw new ArgumentException($"Label '{text}' was not seen in training column '{columnName}'. Known labels: {known}" +
            (isKey ? " (or pass the key number as a uint)." : "."), nameof(label));
    }
}
