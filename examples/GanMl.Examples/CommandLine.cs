using System.Globalization;

namespace GanMl.Examples;

/// <summary>A minimal "--name value" / "--flag" parser that rejects unknown options with a clear message.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public CommandLine(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{list[i]}'; options look like --epochs 5.");
            string name = list[i][2..];
            string? value = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) ? list[++i] : null;
            _values[name] = value;
        }
    }

    public string String(string name, string fallback) => Get(name) ?? fallback;

    public string? OptionalString(string name) => Get(name);

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public float Float(string name, float fallback) => Parse(name, fallback, s => float.Parse(s, CultureInfo.InvariantCulture));

    public bool Flag(string name, bool fallback = false)
    {
        if (!_values.ContainsKey(name)) return fallback;
        _used.Add(name);
        var value = _values[name];
        return value is null || bool.Parse(value);
    }

    public TEnum Enum<TEnum>(string name, TEnum fallback) where TEnum : struct, System.Enum =>
        Parse(name, fallback, s => System.Enum.TryParse<TEnum>(s, ignoreCase: true, out var v) ? v
            : throw new FormatException($"expected one of {string.Join(", ", System.Enum.GetNames<TEnum>())}"));

    /// <summary>Throws when an option was given that no command read.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private string? Get(string name)
    {
        if (!_values.TryGetValue(name, out var value)) return null;
        _used.Add(name);
        return value ?? throw new ArgumentException($"Option --{name} needs a value.");
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        var text = Get(name);
        if (text is null) return fallback;
        try { return parse(text); }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"Option --{name} has value '{text}': {e.Message}");
        }
    }
}
