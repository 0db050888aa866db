namespace GanMl;

/// <summary>The closed range [Min, Max] of the values an <see cref="OnnxGenerator"/> generates: the training value range.</summary>
/// <param name="Min">Smallest value (the network's -1).</param>
/// <param name="Max">Largest value (the network's +1).</param>
public readonly record struct OnnxValueRange(float Min, float Max);
