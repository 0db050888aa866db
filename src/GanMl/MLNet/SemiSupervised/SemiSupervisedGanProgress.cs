namespace GanMl;

/// <summary>A progress report of <c>SemiSupervisedGanTrainer</c>: <see cref="IsEpochEnd"/> tells an epoch summary from a step report.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TotalEpochs">Epochs of the run (the run may stop earlier, see <see cref="SemiSupervisedGanOptions.EarlyStoppingPatience"/>).</param>
/// <param name="Step">1-based step in the epoch.</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="ClassificationLoss">Cross-entropy on the labelled rows (mean over the epoch for epoch reports).</param>
/// <param name="UnsupervisedLoss">The real-versus-generated term.</param>
/// <param name="FeatureMatchingLoss">The generator's feature-matching loss.</param>
/// <param name="ValidationAccuracy">Accuracy on the held-out labelled rows, in epoch reports when validation is on; else null.</param>
/// <param name="IsEpochEnd">True for the summary sent at the end of an epoch.</param>
public sealed record SemiSupervisedGanProgress(int Epoch, int TotalEpochs, int Step, int StepsPerEpoch,
    double ClassificationLoss, double UnsupervisedLoss, double FeatureMatchingLoss, double? ValidationAccuracy, bool IsEpochEnd);
