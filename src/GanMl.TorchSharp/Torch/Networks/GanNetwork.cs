using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// A generator or discriminator: a TorchSharp module whose <c>forward</c> takes the rows and an optional int64 vector of
/// class indices (required for conditional networks, null otherwise). Subclasses call <c>RegisterComponents()</c>.
/// </summary>
internal abstract class GanNetwork : nn.Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Creates the module with a name for its state dictionary.</summary>
    protected GanNetwork(string name) : base(name) { }

    /// <summary>
    /// Runs the network and also returns per-class logits [N, classes] when it has an auxiliary classifier head (else null).
    /// </summary>
    public virtual (Tensor Logits, Tensor? ClassLogits) ForwardWithClasses(Tensor input, Tensor? labels) => (forward(input, labels), null);

    /// <summary>The shapes of the network's convolution layers, which <see cref="ConvolutionKernels"/> checks before training (none for
    /// MLPs).</summary>
    public virtual IEnumerable<ConvolutionShape> ConvolutionShapes => [];

    /// <summary>True when the network reads the row labels (false for an auxiliary-classifier discriminator, which predicts them).</summary>
    public virtual bool TakesLabels => true;

    /// <summary>Throws when a conditional network gets no labels or an unconditional one gets some.</summary>
    protected static void CheckLabels(bool conditional, Tensor? labels, string network)
    {
        if (conditional && labels is null) throw new ArgumentException($"The conditional {network} needs a label for every row.");
        if (!conditional && labels is not null) throw new ArgumentException($"The unconditional {network} takes no labels.");
    }
}
