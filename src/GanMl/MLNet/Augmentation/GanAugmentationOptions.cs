namespace GanMl;

/// <summary>Options of <c>AppendGanAugmentation</c>: which columns the GAN learns and how many synthetic rows the later steps see.</summary>
public sealed record GanAugmentationOptions
{
    /// <summary>The feature column (a known-size Vector&lt;Single&gt;) the GAN learns and generates. Overrides <see cref="GanOptions.FeatureColumnName"/>.</summary>
    public string FeatureColumnName { get; set; } = "Features";
    /// <summary>The label column; when set, the GAN is conditional and synthetic rows carry labels. Overrides <see cref="GanOptions.LabelColumnName"/>.</summary>
    public string? LabelColumnName { get; set; }
    /// <summary>Synthetic rows per real row (default 1.0). Ignored when <see cref="SyntheticRowCount"/> is set.</summary>
    public double SyntheticRowsPerRealRow { get; set; } = 1.0;
    /// <summary>A fixed number of synthetic rows, instead of <see cref="SyntheticRowsPerRealRow"/>.</summary>
    public int? SyntheticRowCount { get; set; }
    /// <summary>
    /// When true, synthetic rows go first to the smallest classes, topping them up towards the largest, and any rest is
    /// spread evenly. When false (default), they follow the real class distribution.
    /// </summary>
    public bool BalanceClasses { get; set; }
    /// <summary>
    /// Candidates drawn per synthetic row (default 1: no selection). Above 1, the GAN draws that many and keeps, per class,
    /// the rows its discriminator scores most real: a cheap filter against artefacts.
    /// </summary>
    public double CandidatesPerSyntheticRow { get; set; } = 1.0;
    /// <summary>The GAN's architecture and training settings.</summary>
    public GanOptions Gan { get; set; } = new();
    /// <summary>Seed of the synthetic rows; null uses the GAN's seed.</summary>
    public int? GenerationSeed { get; set; }
    /// <summary>Shuffle real and synthetic rows together before the later steps see them (default true), so that order-sensitive trainers do not get all synthetic rows last.</summary>
    public bool ShuffleCombinedRows { get; set; } = true;
    /// <summary>
    /// Called with the fitted GAN at the end of every Fit (for its history, samples or <see cref="GanTransformer.Save(string)"/>).
    /// The augmentation estimator owns it and releases it at its next Fit or Dispose; disposing it in the callback is allowed.
    /// </summary>
    public Action<GanTransformer>? GanFitted { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Gan, nameof(Gan));
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        if (SyntheticRowCount is < 0) throw new ArgumentException($"SyntheticRowCount must not be negative, got {SyntheticRowCount}.", nameof(SyntheticRowCount));
        if (SyntheticRowCount is null && !(SyntheticRowsPerRealRow >= 0 && double.IsFinite(SyntheticRowsPerRealRow)))
            throw new ArgumentException($"SyntheticRowsPerRealRow must be a finite number ≥ 0, got {SyntheticRowsPerRealRow}.", nameof(SyntheticRowsPerRealRow));
        if (!(CandidatesPerSyntheticRow >= 1) || double.IsInfinity(CandidatesPerSyntheticRow))
            throw new ArgumentException($"CandidatesPerSyntheticRow must be a finite number ≥ 1, got {CandidatesPerSyntheticRow}.", nameof(CandidatesPerSyntheticRow));
        if (BalanceClasses && LabelColumnName is null) throw new ArgumentException("BalanceClasses needs LabelColumnName.", nameof(BalanceClasses));
        GanSettings().Validate();
    }

    internal GanOptions GanSettings() => Gan with { FeatureColumnName = FeatureColumnName, LabelColumnName = LabelColumnName };
}
