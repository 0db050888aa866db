namespace GanMl.Torch;

/// <summary>Builds the generator and discriminator that a <see cref="GanNetworkSpec"/> describes.</summary>
public static class GanNetworkFactory
{
    /// <summary>Held while networks are built, because their initialisation draws from torch's process-wide generator.</summary>
    internal static readonly object GlobalRandomLock = new();

    /// <summary>Creates the generator: z (and label) → a flat vector in [-1, 1].</summary>
    public static GanNetwork CreateGenerator(GanNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        lock (GlobalRandomLock) return spec.Architecture == GanArchitecture.Dcgan ? new DcganGenerator(spec) : new MlpGenerator(spec);
    }

    /// <summary>Creates the discriminator: a flat vector (and label) → one logit.</summary>
    public static GanNetwork CreateDiscriminator(GanNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        lock (GlobalRandomLock) return spec.Architecture == GanArchitecture.Dcgan ? new DcganDiscriminator(spec) : new MlpDiscriminator(spec);
    }
}
