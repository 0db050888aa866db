using TorchSharp;

namespace GanMl.Torch;

/// <summary>Builds the generator and discriminator that a <see cref="GanNetworkSpec"/> describes.</summary>
internal static class GanNetworkFactory
{
    /// <summary>Held while networks are built, because their initialisation draws from torch's process-wide generator.</summary>
    internal static readonly object GlobalRandomLock = new();

    /// <summary>Creates the generator: z (and label) → a flat vector in [-1, 1].</summary>
    /// <param name="spec">The network shapes.</param>
    /// <param name="seed">Seeds torch's generator for the initial weights; null continues its current state.</param>
    public static GanNetwork CreateGenerator(GanNetworkSpec spec, int? seed = null) =>
        Build(spec, seed, () => spec.Architecture == GanArchitecture.Dcgan ? new DcganGenerator(spec) : new MlpGenerator(spec));

    /// <summary>Creates the discriminator: a flat vector (and label) → one logit.</summary>
    /// <param name="spec">The network shapes.</param>
    /// <param name="seed">Seeds torch's generator for the initial weights; null continues its current state.</param>
    public static GanNetwork CreateDiscriminator(GanNetworkSpec spec, int? seed = null) =>
        Build(spec, seed, () => spec.Architecture == GanArchitecture.Dcgan ? new DcganDiscriminator(spec) : new MlpDiscriminator(spec));

    private static GanNetwork Build(GanNetworkSpec spec, int? seed, Func<GanNetwork> create)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        lock (GlobalRandomLock)
        {
            if (seed is { } s) torch.random.manual_seed(s);
            return create();
        }
    }
}
