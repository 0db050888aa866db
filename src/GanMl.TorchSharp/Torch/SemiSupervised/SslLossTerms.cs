using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>The unsupervised terms of the semi-supervised GAN (Salimans et al. 2016, section 5).</summary>
internal static class SslLossTerms
{
    /// <summary>
    /// The K+1-class real/fake loss with the fake class's logit fixed at 0: a row is real with probability
    /// Z / (Z + 1), Z = Σ exp(logits), so log D(x) = lse − softplus(lse) and log(1 − D(G(z))) = −softplus(lse).
    /// Returns ½(E[−log D(real)] + E[−log(1 − D(generated))]), computed with log-sum-exp for stability.
    /// </summary>
    public static Tensor RealVersusGenerated(Tensor realLogits, Tensor generatedLogits)
    {
        using var real = realLogits.logsumexp(1);
        using var generated = generatedLogits.logsumexp(1);
        using var realTerm = F.softplus(real) - real;
        using var generatedTerm = F.softplus(generated);
        using var sum = realTerm.mean() + generatedTerm.mean();
        using var half = 0.5.ToScalar();
        return sum * half;
    }

    /// <summary>The mean entropy of the class probabilities softmax(logits): low when the classifier is confident on a row.</summary>
    public static Tensor Entropy(Tensor logits)
    {
        using var logP = F.log_softmax(logits, 1);
        using var p = logP.exp();
        using var terms = (p * logP).sum(1);
        return -terms.mean();
    }

    /// <summary>Feature matching: the mean squared difference between the real rows' mean features and the generated rows'.</summary>
    public static Tensor FeatureMatching(Tensor realMean, Tensor generatedFeatures)
    {
        using var generatedMean = generatedFeatures.mean([0L]);
        using var difference = realMean - generatedMean;
        return difference.square().mean();
    }
}
