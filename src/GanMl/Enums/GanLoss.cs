namespace GanMl;

/// <summary>The adversarial loss.</summary>
public enum GanLoss
{
    /// <summary>Binary cross-entropy for D; G maximises log D(G(z)) (stronger gradients early in training).</summary>
    NonSaturating,
    /// <summary>The original minimax game: G minimises log(1 − D(G(z))).</summary>
    Minimax,
    /// <summary>Hinge loss (SNGAN, BigGAN): D minimises relu(1 − D(x)) + relu(1 + D(G(z))), G minimises −D(G(z)) on the raw logits.</summary>
    Hinge,
}
