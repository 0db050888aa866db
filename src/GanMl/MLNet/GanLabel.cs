using System.Globalization;

namespace GanMl;

/// <summary>
/// A class label passed to <c>GanTransformer.Generate(int, GanLabel, int?)</c>: the training value of the label
/// (text, boolean or number; for a key column its key value, or its key number as a <see cref="uint"/>).
/// Its own type keeps a label from being taken for a seed; values convert to it implicitly, and <see cref="From"/> takes any boxed value.
/// </summary>
public readonly struct GanLabel : IEquatable<GanLabel>
{
    private GanLabel(object value) => Value = value;

    /// <summary>The label value as given (null for <c>default(GanLabel)</c>).</summary>
    public object? Value { get; }

    /// <summary>Wraps a label value of any supported type (string, ReadOnlyMemory&lt;char&gt;, bool or a number).</summary>
    /// <param name="value">The label value; a <see cref="GanLabel"/> is returned as it is.</param>
    public static GanLabel From(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value is GanLabel label ? label : new GanLabel(value);
    }

    /// <summary>A text label.</summary>
    /// <param name="value">The label text; must not be null.</param>
    public static implicit operator GanLabel(string value) => From(value);
    /// <summary>A text label.</summary>
    /// <param name="value">The label text.</param>
    public static implicit operator GanLabel(ReadOnlyMemory<char> value) => new(value);
    /// <summary>A boolean label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(bool value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(byte value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(sbyte value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(short value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(ushort value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(int value) => new(value);
    /// <summary>A numeric label; on a key column, the key number (1-based).</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(uint value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(long value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(ulong value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(float value) => new(value);
    /// <summary>A numeric label.</summary>
    /// <param name="value">The label value.</param>
    public static implicit operator GanLabel(double value) => new(value);

    /// <summary>True when both wrap equal values.</summary>
    /// <param name="other">The other label.</param>
    public bool Equals(GanLabel other) => Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GanLabel other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value?.GetHashCode() ?? 0;

    /// <summary>The value as invariant text.</summary>
    public override string ToString() => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>True when both wrap equal values.</summary>
    /// <param name="left">A label.</param>
    /// <param name="right">Another label.</param>
    public static bool operator ==(GanLabel left, GanLabel right) => left.Equals(right);

    /// <summary>True when the labels wrap different values.</summary>
    /// <param name="left">A label.</param>
    /// <param name="right">Another label.</param>
    public static bool operator !=(GanLabel left, GanLabel right) => !left.Equals(right);
}
