using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// The labels each network sees in one training step. Rows without a label (-1) get a random class for the generator; a
/// D that reads labels sees them, and their fakes, under its extra "no label" embedding (index ClassCount), so they teach
/// realism but no class; an auxiliary-classifier D reads no labels (docs/training.md, section 2).
/// </summary>
/// <param name="Real">The batch's labels (-1: none), or null when unconditional.</param>
/// <param name="Fake">The labels the generator is given.</param>
/// <param name="DiscriminatorReal">What D reads with the real rows (null when D reads no labels).</param>
/// <param name="DiscriminatorFake">What D reads with the generated rows.</param>
/// <param name="Labelled">1 for labelled and 0 for unlabelled rows when the batch holds both kinds and D reads labels, else null.</param>
/// <param name="AnyLabelled">True when some row has a label.</param>
internal sealed record StepLabels(Tensor? Real, Tensor? Fake, Tensor? DiscriminatorReal, Tensor? DiscriminatorFake, Tensor? Labelled, bool AnyLabelled)
{
    /// <summary>
    /// Routes <paramref name="labels"/> (the batch's labels on the device). Random classes are drawn from
    /// <paramref name="noise"/>, so this runs at the same point of every step to keep the draws in order.
    /// </summary>
    public static StepLabels For(long[]? batchLabels, Tensor? labels, GanNetworkSpec spec, bool discriminatorTakesLabels, Generator noise, Device device)
    {
        bool unlabelled = batchLabels?.Any(l => l < 0) == true;
        bool anyLabelled = batchLabels?.Any(l => l >= 0) == true;
        var fake = labels is null ? null : unlabelled ? WithRandomClasses(labels, spec.ClassCount, noise, device) : labels;
        var noLabel = unlabelled && discriminatorTakesLabels ? labels!.lt(Scalars.Zero) : null;
        using var classCount = spec.ClassCount.ToScalar();
        var noLabelIndex = noLabel is null ? null : full_like(labels!, classCount);
        var dReal = !discriminatorTakesLabels ? null : noLabel is null ? labels : where(noLabel, noLabelIndex!, labels!);
        var dFake = !discriminatorTakesLabels ? null : noLabel is null ? fake : where(noLabel, noLabelIndex!, fake!);
        var labelled = noLabel is not null && anyLabelled ? noLabel.logical_not().to_type(ScalarType.Float32) : null;
        return new StepLabels(labels, fake, dReal, dFake, labelled, anyLabelled);
    }

    /// <summary>The labels with every unknown (-1) replaced by a class drawn uniformly from <paramref name="noise"/>.</summary>
    private static Tensor WithRandomClasses(Tensor labels, int classCount, Generator noise, Device device)
    {
        using var unknown = labels.lt(Scalars.Zero);
        using var random = randint(classCount, labels.shape, generator: noise, dtype: ScalarType.Int64).to(device);
        return where(unknown, random, labels);
    }
}
