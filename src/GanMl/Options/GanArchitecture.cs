namespace GanMl;

/// <summary>The network family used for the generator and the discriminator.</summary>
public enum GanArchitecture
{
    /// <summary>Fully connected networks, as in the classic GAN tutorials; works on any fixed-size vector.</summary>
    Mlp,
    /// <summary>Deep convolutional GAN (Radford et al.); needs an <see cref="ImageShape"/>.</summary>
    Dcgan,
}

/// <summary>Layer sizes of the MLP GAN, after the tutorials they come from.</summary>
public enum MlpPreset
{
    /// <summary>The Fashion-MNIST tutorial GAN. G: z→128→256→512→1024→out, LeakyReLU(0.2), BatchNorm(eps 0.8) from the second layer, Tanh. D: in→512→256→1, LeakyReLU(0.2).</summary>
    Classic,
    /// <summary>The introductory-article GAN. G: z→128→256→out, ReLU, Tanh. D: in→256→128→1, ReLU.</summary>
    Minimal,
    /// <summary>A deeper GAN. G: z→256→512→1024→out, LeakyReLU(0.2), Tanh. D: in→1024→512→256→1, LeakyReLU(0.2).</summary>
    Deep,
}

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
