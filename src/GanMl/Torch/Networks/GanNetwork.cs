using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>A generator or discriminator: a module whose forward pass takes an optional class label per row.</summary>
internal abstract class GanNetwork : nn.Module
{
    /// <summary>Creates the module with a name for its state dictionary.</summary>
    protected GanNetwork(string name) : base(name) { }

    /// <summary>Runs the network. <paramref name="labels"/> is an int64 vector of class indices, required for conditional networks.</summary>
    public abstract Tensor Forward(Tensor input, Tensor? labels);

    /// <summary>
    /// Runs the network and also returns per-class logits [N, classes] when it has an auxiliary classifier head (else null).
    /// </summary>
    public virtual (Tensor Logits, Tensor? ClassLogits) ForwardWithClasses(Tensor input, Tensor? labels) => (Forward(input, labels), null);

    /// <summary>True when the network reads the row labels (false for an auxiliary-classifier discriminator, which predicts them).</summary>
    public virtual bool TakesLabels => true;

    /// <summary>Throws when a conditional network gets no labels or an unconditional one gets some.</summary>
    protected static void CheckLabels(bool conditional, Tensor? labels, string network)
    {
        if (conditional && labels is null) throw new ArgumentException($"The conditional {network} needs a label for every row.");
        if (!conditional && labels is not null) throw new ArgumentException($"The unconditional {network} takes no labels.");
    }
}
