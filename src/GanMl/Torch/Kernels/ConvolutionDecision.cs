namespace GanMl.Torch;

/// <summary>The path chosen for one layer shape, and why.</summary>
/// <param name="Shape">The layer shape.</param>
/// <param name="Path">The path its layers run on.</param>
/// <param name="Reason">Why, for logs: e.g. "channel counts are not multiples of 16" or the failed check's errors.</param>
/// <param name="Check">The check of the chosen path.</param>
internal sealed record ConvolutionDecision(ConvolutionShape Shape, ConvolutionPath Path, string Reason, ConvolutionCheckResult Check);
