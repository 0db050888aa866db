namespace GanMl;

/// <summary>A closed value range [Min, Max].</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public readonly record struct ValueRange(float Min, float Max);
