namespace GanMl;

/// <summary>One epoch of a semi-supervised fit.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="ClassificationLoss">Mean cross-entropy on the labelled rows.</param>
/// <param name="UnsupervisedLoss">Mean real-versus-generated term.</param>
/// <param name="FeatureMatchingLoss">Mean feature-matching loss of the generator.</param>
/// <param name="ValidationAccuracy">Accuracy on the held-out labelled rows, or null without validation.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record SemiSupervisedGanEpoch(int Epoch, double ClassificationLoss, double UnsupervisedLoss, double FeatureMatchingLoss, double? ValidationAccuracy, double Seconds);
