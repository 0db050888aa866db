namespace GanMl.Torch;

/// <summary>The path chosen for one layer shape, and why.</summary>
/// <param name="Shape">The layer shape.</param>
/// <param name="Path">The path its layers run on.</param>
/// <param name="Check">The check of the chosen path.</param>
/// <param name="LibTorchCheck">The check of libtorch's own kernels; null when the shape's channels rule them out.</param>
internal sealed record ConvolutionDecision(ConvolutionShape Shape, ConvolutionPath Path, ConvolutionCheckResult Check, ConvolutionCheckResult? LibTorchCheck)
{
    /// <summary>True when libtorch's kernels were checked on this shape and gave wrong results: a fault on this machine.</summary>
    public bool LibTorchFailed => LibTorchCheck is { Passed: false };

    /// <summary>Why the path was chosen, for logs.</summary>
    public string Reason => LibTorchCheck switch
    {
        null => "channel counts are not multiples of 32",
        { Passed: true } => "libtorch's kernels passed the check",
        var failed => $"libtorch's kernels failed the check: {failed.Failures}",
    };
}
