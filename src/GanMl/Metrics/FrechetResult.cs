namespace GanMl.Metrics;

/// <summary>Details of a Fréchet distance computation.</summary>
/// <param name="Distance">The Fréchet distance (never negative, never NaN).</param>
/// <param name="MeanTerm">||mu1 - mu2||^2.</param>
/// <param name="TraceSqrt">tr sqrt(S1 S2).</param>
/// <param name="Method">How the trace of the square root was obtained.</param>
/// <param name="EpsilonOffsetUsed">True when eps*I had to be added to both covariances (pytorch-fid's fallback).</param>
public sealed record FrechetResult(double Distance, double MeanTerm, double TraceSqrt, TraceSqrtMethod Method, bool EpsilonOffsetUsed);
