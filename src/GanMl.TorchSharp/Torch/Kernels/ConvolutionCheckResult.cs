using System.Globalization;

namespace GanMl.Torch;

/// <summary>
/// How far one computation path's results for one layer shape were from the managed reference: the largest absolute
/// error of each pass divided by the largest reference magnitude of that pass (NaN when a value was not finite).
/// </summary>
internal sealed record ConvolutionCheckResult(ConvolutionShape Shape, ConvolutionPath Path, double Forward, double BackwardData, double BackwardWeights, double BackwardBias)
{
    /// <summary>
    /// The largest relative error accepted. float32 sums of a few thousand terms stay near 1e-6 of the largest value;
    /// the faults seen were 5e-2 and more, or NaN.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>True when every pass was finite and within <see cref="Tolerance"/>.</summary>
    public bool Passed => Errors.All(e => e.Error <= Tolerance);

    /// <summary>The passes by name with their errors.</summary>
    public IEnumerable<(string Pass, double Error)> Errors =>
        [("forward", Forward), ("backward-data", BackwardData), ("backward-weights", BackwardWeights), ("backward-bias", BackwardBias)];

    /// <summary>The failing passes, e.g. "forward error 0.45, backward-data not finite"; empty when it passed.</summary>
    public string Failures => string.Join(", ", Errors.Where(e => !(e.Error <= Tolerance)).Select(e =>
        double.IsNaN(e.Error) ? $"{e.Pass} not finite" : string.Create(CultureInfo.InvariantCulture, $"{e.Pass} error {e.Error:G3}")));
}
