namespace GanMl;

/// <summary>One epoch of training history.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss.</param>
/// <param name="GeneratorLoss">Mean generator loss.</param>
/// <param name="MeanRealScore">Mean D(x).</param>
/// <param name="MeanFakeScore">Mean D(G(z)).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="ImagesPerSecond">Real rows per second.</param>
/// <param name="Fid">FID against the training data where monitored, else null.</param>
/// <param name="Cas">Classification accuracy score where monitored (<c>GanOptions.CasMonitor</c>), else null.</param>
public sealed record GanEpochRecord(int Epoch, double DiscriminatorLoss, double GeneratorLoss, double MeanRealScore, double MeanFakeScore,
    double Seconds, double ImagesPerSecond, double? Fid = null, double? Cas = null)
{
    /// <summary>KID against the training data where monitored with <see cref="FidOptions.ComputeKid"/>, else null.</summary>
    public double? Kid { get; init; }
}
