namespace GanMl;

/// <summary>One setting that validated augmentation scored.</summary>
/// <param name="SyntheticRowsPerRealRow">Synthetic rows per real row.</param>
/// <param name="SyntheticRowWeight">Weight of each synthetic row (1 when there is no weight column).</param>
/// <param name="Metric">The validation metric on the held-out real rows; higher is better.</param>
/// <param name="OversampledRowShare">Share of the added rows that were real rows drawn again (random oversampling) rather than GAN rows.</param>
public sealed record GanAugmentationCandidate(double SyntheticRowsPerRealRow, float SyntheticRowWeight, double Metric, double OversampledRowShare = 0);
