namespace GanMl;

/// <summary>The network family used for the generator and the discriminator.</summary>
public enum GanArchitecture
{
    /// <summary>Fully connected networks, as in the classic GAN tutorials; works on any fixed-size vector.</summary>
    Mlp,
    /// <summary>Deep convolutional GAN (Radford et al.); needs an <see cref="ImageShape"/>.</summary>
    Dcgan,
}
