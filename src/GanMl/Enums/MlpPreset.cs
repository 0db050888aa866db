namespace GanMl;

/// <summary>Layer sizes of the MLP GAN, after the tutorials they come from.</summary>
public enum MlpPreset
{
    /// <summary>The Fashion-MNIST tutorial GAN. G: z→128→256→512→1024→out, LeakyReLU(0.2), BatchNorm(eps 0.8) from the second layer, Tanh. D:
    /// in→512→256→1, LeakyReLU(0.2).</summary>
    Classic,
    /// <summary>The introductory-article GAN. G: z→128→256→out, ReLU, Tanh. D: in→256→128→1, ReLU.</summary>
    Minimal,
    /// <summary>A deeper GAN. G: z→256→512→1024→out, LeakyReLU(0.2), Tanh. D: in→1024→512→256→1, LeakyReLU(0.2).</summary>
    Deep,
}
