using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>The adversarial losses of <see cref="GanLoss"/>, averaged with <see cref="BalancedMean"/>.</summary>
internal static class GanLosses
{
    /// <summary>D's loss: real rows towards "real", generated rows towards "fake".</summary>
    public static Tensor Discriminator(GanLoss loss, Tensor realLogits, Tensor fakeLogits, Tensor? labelled) =>
        (loss == GanLoss.Hinge
            ? BalancedMean(F.relu(realLogits.neg().add_(Scalars.One)), labelled) + BalancedMean(F.relu(fakeLogits.add(Scalars.One)), labelled)
            : BalancedMean(F.binary_cross_entropy_with_logits(realLogits, ones_like(realLogits), reduction: nn.Reduction.None), labelled)
               + BalancedMean(F.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits), reduction: nn.Reduction.None), labelled)).mul(Scalars.Half);

    /// <summary>G's loss on D's logits for generated rows.</summary>
    public static Tensor Generator(GanLoss loss, Tensor logits, Tensor? labelled) => loss switch
    {
        GanLoss.NonSaturating => BalancedMean(F.binary_cross_entropy_with_logits(logits, ones_like(logits), reduction: nn.Reduction.None), labelled),
        GanLoss.Hinge => -BalancedMean(logits, labelled),
        _ => -BalancedMean(F.binary_cross_entropy_with_logits(logits, zeros_like(logits), reduction: nn.Reduction.None), labelled),
    };

    /// <summary>
    /// The mean of per-row values; with a mask of labelled rows (a batch holding both kinds), the average of the labelled
    /// and the unlabelled means, so a few labelled rows among many unlabelled ones still teach the classes
    /// (docs/training.md, section 2).
    /// </summary>
    public static Tensor BalancedMean(Tensor perRow, Tensor? labelled)
    {
        if (labelled is null) return perRow.mean();
        var unlabelled = labelled.neg().add_(Scalars.One);
        return ((perRow * labelled).sum() / labelled.sum() + (perRow * unlabelled).sum() / unlabelled.sum()).mul(Scalars.Half);
    }
}
