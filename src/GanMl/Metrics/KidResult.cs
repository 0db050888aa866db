namespace GanMl.Metrics;

/// <summary>Mean and standard deviation of the per-subset KID estimates.</summary>
/// <param name="Mean">Mean of the unbiased MMD^2 estimates over the subsets.</param>
/// <param name="StandardDeviation">Standard deviation (population, as clean-fid / torch-fidelity) over the subsets.</param>
/// <param name="SubsetSize">Rows drawn per set and subset: min(subsetSize, n1, n2).</param>
/// <param name="Subsets">Number of subsets.</param>
public sealed record KidResult(double Mean, double StandardDeviation, int SubsetSize, int Subsets);
