namespace GanMl.Torch;

/// <summary>One mini-batch of real rows, already scaled to [-1, 1].</summary>
/// <param name="Features">Row-major values, <c>Count × FeatureSize</c>.</param>
/// <param name="Labels">Class index per row for a conditional GAN, else null.</param>
/// <param name="Count">Number of rows.</param>
internal sealed record GanBatch(float[] Features, long[]? Labels, int Count);
