using Microsoft.ML;

namespace GanMl;

/// <summary>Options of <c>AppendGanAugmentation</c>: which columns the GAN learns and how many synthetic rows the later steps see.</summary>
public sealed record GanAugmentationOptions
{
    /// <summary>The feature column (a known-size Vector&lt;Single&gt;) the GAN learns and generates. Overrides
    /// <see cref="GanOptions.FeatureColumnName"/>.</summary>
    public string FeatureColumnName { get; set; } = "Features";
    /// <summary>The label column; when set, the GAN is conditional and synthetic rows carry labels. Overrides
    /// <see cref="GanOptions.LabelColumnName"/>.</summary>
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
    /// Share of the added rows, in [0, 1], that are real rows of the same class drawn again at random (random oversampling)
    /// instead of GAN rows. Null (default): 0, except with <see cref="BalanceClasses"/> under validated augmentation, where
    /// validation tries 0, 0.5 and 1, so that GAN balancing is used only where it beats plain oversampling.
    /// </summary>
    public double? OversampledRowShare { get; set; }
    /// <summary>
    /// Candidates drawn per synthetic row (default 1: no selection). Above 1, the GAN draws that many and keeps, per class,
    /// the rows its discriminator scores most real: a cheap filter against artefacts.
    /// </summary>
    public double CandidatesPerSyntheticRow { get; set; } = 1.0;
    /// <summary>The GAN's architecture and training settings.</summary>
    public GanOptions Gan { get; set; } = new();
    /// <summary>Seed of the synthetic rows; null uses the GAN's seed.</summary>
    public int? GenerationSeed { get; set; }
    /// <summary>Shuffle real and synthetic rows together before the later steps see them (default true), so that order-sensitive trainers do not get
    /// all synthetic rows last.</summary>
    public bool ShuffleCombinedRows { get; set; } = true;
    /// <summary>
    /// Weight of every synthetic row (real rows weigh 1), written to <see cref="WeightColumnName"/> for a trainer's
    /// <c>exampleWeightColumnName</c>. Default 1.
    /// </summary>
    public float SyntheticRowWeight { get; set; } = 1f;
    /// <summary>When set, the rows the later steps see get this Single column: 1 for real rows, <see cref="SyntheticRowWeight"/> for synthetic
    /// ones.</summary>
    public string? WeightColumnName { get; set; }
    /// <summary>
    /// Validated augmentation. When on, Fit holds out <see cref="ValidationFraction"/> of the labelled real rows (the same
    /// share of every class), trains the GAN once on the rest, fits the later steps on the rest with no synthetic rows and
    /// with each candidate amount (<see cref="ValidationRatios"/>) and weight (<see cref="ValidationWeights"/>), scores each
    /// on the held-out rows, and refits the later steps on all real rows with the winner, or with no synthetic rows when
    /// none beats real rows only by more than <see cref="MinimumValidationGain"/>. Null (default): on when
    /// <see cref="LabelColumnName"/> is set and the chain ends in a multiclass or binary classification trainer.
    /// The decision is in <see cref="GanAugmentationEstimator{TLastTransformer}.LastFitReport"/> and the ML.NET log.
    /// </summary>
    public bool? ValidateAugmentation { get; set; }
    /// <summary>Share of the labelled real rows held out for validation, in (0, 0.5]. Default 0.2.</summary>
    public double ValidationFraction { get; set; } = 0.2;
    /// <summary>Candidate synthetic rows per real row. Null: 0.5, 1 and 2 plus the configured amount (<see cref="SyntheticRowsPerRealRow"/> or
    /// <see cref="SyntheticRowCount"/>).</summary>
    public IReadOnlyList<double>? ValidationRatios { get; set; }
    /// <summary>Candidate synthetic row weights (only with <see cref="WeightColumnName"/>). Null: 0.3 and 1 plus
    /// <see cref="SyntheticRowWeight"/>.</summary>
    public IReadOnlyList<float>? ValidationWeights { get; set; }
    /// <summary>
    /// Scores the held-out rows after the later steps have transformed them; higher is better. Null: micro-accuracy for a
    /// multiclass trainer, accuracy for a binary one, on <see cref="LabelColumnName"/>.
    /// </summary>
    public Func<IDataView, double>? ValidationMetric { get; set; }
    /// <summary>
    /// How much a candidate must beat real rows only to be used. Default 0.005 (half a point of accuracy). With the default
    /// accuracy metric the candidate must also win a paired check on the held-out rows: the rows only it gets right must
    /// outnumber the rows only real rows get right by at least twice the square root of both counts.
    /// </summary>
    public double MinimumValidationGain { get; set; } = 0.005;
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
        if (!(SyntheticRowWeight > 0) || float.IsInfinity(SyntheticRowWeight)) throw new ArgumentException($"SyntheticRowWeight must be a positive finite number, got {SyntheticRowWeight}.", nameof(SyntheticRowWeight));
        if (SyntheticRowWeight != 1f && WeightColumnName is null) throw new ArgumentException("SyntheticRowWeight needs WeightColumnName: the later trainer reads the weights from that column.", nameof(SyntheticRowWeight));
        if (WeightColumnName is not null && (string.IsNullOrWhiteSpace(WeightColumnName) || WeightColumnName == FeatureColumnName || WeightColumnName == LabelColumnName))
            throw new ArgumentException($"WeightColumnName must name a new column, other than the feature and label columns; got '{WeightColumnName}'.", nameof(WeightColumnName));
        if (!(ValidationFraction > 0 && ValidationFraction <= 0.5)) throw new ArgumentException($"ValidationFraction must be in (0, 0.5], got {ValidationFraction}.", nameof(ValidationFraction));
        if (ValidationRatios is { } ratios && (ratios.Count == 0 || ratios.Any(r => !(r >= 0 && double.IsFinite(r))))) throw new ArgumentException("ValidationRatios must list finite numbers ≥ 0.", nameof(ValidationRatios));
        if (ValidationWeights is { } weights && (weights.Count == 0 || weights.Any(w => !(w > 0) || float.IsInfinity(w)))) throw new ArgumentException("ValidationWeights must list positive finite numbers.", nameof(ValidationWeights));
        if (ValidationWeights is not null && WeightColumnName is null) throw new ArgumentException("ValidationWeights needs WeightColumnName.", nameof(ValidationWeights));
        if (!double.IsFinite(MinimumValidationGain)) throw new ArgumentException($"MinimumValidationGain must be finite, got {MinimumValidationGain}.", nameof(MinimumValidationGain));
        if (ValidateAugmentation == true && LabelColumnName is null && ValidationMetric is null)
            throw new ArgumentException("ValidateAugmentation needs LabelColumnName (for the stratified holdout and the default metric) or a ValidationMetric.", nameof(ValidateAugmentation));
        if (OversampledRowShare is { } share && !(share >= 0 && share <= 1)) throw new ArgumentException($"OversampledRowShare must be in [0, 1], got {share}.", nameof(OversampledRowShare));
        if (OversampledRowShare > 0 && LabelColumnName is null) throw new ArgumentException("OversampledRowShare needs LabelColumnName: rows are drawn again from their own class.", nameof(OversampledRowShare));
        if (BalanceClasses && LabelColumnName is null) throw new ArgumentException("BalanceClasses needs LabelColumnName.", nameof(BalanceClasses));
        GanSettings().Validate();
    }

    /// <summary>The ratio candidates of validated augmentation, in the order tried.</summary>
    internal IReadOnlyList<double> RatioCandidates(double configured) =>
        (ValidationRatios ?? [0.5, 1.0, 2.0, configured]).Where(r => r > 0).Distinct().Order().ToArray();

    /// <summary>The weight candidates of validated augmentation (just 1 without a weight column).</summary>
    internal IReadOnlyList<float> WeightCandidates() =>
        WeightColumnName is null ? [1f] : (ValidationWeights ?? [0.3f, 1f, SyntheticRowWeight]).Distinct().Order().ToArray();

    /// <summary>The oversampled-row shares of validated augmentation (just the configured one, or 0, when not balancing classes).</summary>
    internal IReadOnlyList<double> ShareCandidates() =>
        OversampledRowShare is { } share ? [share] : BalanceClasses ? [0.0, 0.5, 1.0] : [0.0];

    internal GanOptions GanSettings() => Gan with { FeatureColumnName = FeatureColumnName, LabelColumnName = LabelColumnName };
}
