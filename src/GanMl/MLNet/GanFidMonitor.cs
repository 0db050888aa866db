namespace GanMl;

/// <summary>
/// Scores the generator with FID (and KID when <see cref="FidOptions.ComputeKid"/> is set) against the training data
/// every few epochs during <c>GanEstimator.Fit</c>. The scores go into <see cref="GanEpochRecord.Fid"/> and <see cref="GanEpochRecord.Kid"/>.
/// </summary>
public sealed record GanFidMonitor
{
    /// <summary>
    /// How features are made: the FID options' feature column (or ONNX extractor input column) must be the GAN's feature column,
    /// since generated rows carry only that column and the label. Fitted once on the training data.
    /// </summary>
    public FidOptions Fid { get; init; } = new();
    /// <summary>Evaluate after every this many epochs (and always after the last). Default 5.</summary>
    public int EveryEpochs { get; init; } = 5;
    /// <summary>Generated rows per evaluation. Default 1,000; FID is biased upwards for small samples.</summary>
    public int SampleCount { get; init; } = 1000;
    /// <summary>Seed of the generated rows, the same at every evaluation so that scores are comparable.</summary>
    public int Seed { get; init; } = 20_000;
    /// <summary>
    /// When true (default), the fitted GAN is the whole checkpoint of the epoch with the lowest FID (generator, discriminator,
    /// both optimiser states and step counters), not the last epoch's. <c>GanTransformer.History</c> still lists every epoch.
    /// </summary>
    public bool KeepBestGenerator { get; init; } = true;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Fid, nameof(Fid));
        if (EveryEpochs < 1) throw new ArgumentException($"GanFidMonitor.EveryEpochs must be positive, got {EveryEpochs}.", nameof(EveryEpochs));
        if (SampleCount < 2) throw new ArgumentException($"GanFidMonitor.SampleCount must be at least 2, got {SampleCount}.", nameof(SampleCount));
    }
}
