namespace GanMl;

/// <summary>
/// Thrown when a GAN loss or gradient becomes NaN or infinite during training. The step that produced it was not applied,
/// so the networks keep the weights of the last finite step (as seen by <see cref="GanOptions.EpochEnd"/> and any checkpoint).
/// </summary>
public sealed class GanDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for a non-finite value at <paramref name="epoch"/> and <paramref name="step"/>.</summary>
    /// <param name="epoch">1-based epoch in which training diverged.</param>
    /// <param name="step">1-based discriminator step (mini-batch) over the run at which training diverged.</param>
    /// <param name="network">"discriminator" or "generator": whose update was refused.</param>
    /// <param name="message">The full message.</param>
    public GanDivergedException(int epoch, long step, string network, string message) : base(message)
    {
        Epoch = epoch;
        Step = step;
        Network = network;
    }

    /// <summary>1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>1-based discriminator step (mini-batch) over the run at which training diverged.</summary>
    public long Step { get; }

    /// <summary>Whose update was refused: "discriminator" or "generator".</summary>
    public string Network { get; }
}
