namespace GanMl.Metrics;

/// <summary>Inception Score mean and standard deviation over the splits.</summary>
/// <param name="Mean">Mean over splits of exp(E[KL(p(y|x) || p(y))]).</param>
/// <param name="StandardDeviation">Population standard deviation over splits (as the reference implementation's np.std).</param>
public sealed record InceptionScoreResult(double Mean, double StandardDeviation);
