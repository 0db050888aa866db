namespace GanMl.Torch;

/// <summary>
/// Optimisation settings of a GAN run, mapped from <see cref="GanOptions"/> by <see cref="GanOptions.ToTrainingOptions"/>.
/// Its initial values are the defaults of both (GanOptions reads them from <see cref="Defaults"/>); the epoch count stays
/// with GanOptions because the estimator, not the trainer, loops over epochs.
/// </summary>
internal sealed record GanTrainingOptions
{
    /// <summary>The default settings, the one place GanOptions and the trainer take them from.</summary>
    public static readonly GanTrainingOptions Defaults = new();

    /// <summary>Rows per mini-batch: the estimator batches with it, and a fitted model scores in blocks of it (BatchNorm).</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Adam learning rate of both networks.</summary>
    public float LearningRate { get; init; } = 2e-4f;
    /// <summary>Adam β1.</summary>
    public float Beta1 { get; init; } = 0.5f;
    /// <summary>Adam β2.</summary>
    public float Beta2 { get; init; } = 0.999f;
    /// <summary>k: discriminator steps (each on its own real batch) per generator step.</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>The adversarial loss.</summary>
    public GanLoss Loss { get; init; } = GanLoss.NonSaturating;
    /// <summary>DiffAugment applied to real and fake images before the discriminator (needs an image shape). Helps most with few images.</summary>
    public DiffAugmentPolicy DiffAugment { get; init; } = DiffAugmentPolicy.None;
    /// <summary>
    /// Decay of an exponential moving average of the generator's weights, which then generates all rows (0 = off).
    /// The effective decay ramps up as min(decay, (1 + t) / (10 + t)) over generator steps t, so short runs are not
    /// dominated by the random initial weights.
    /// </summary>
    public float GeneratorEmaDecay { get; init; }
    /// <summary>Weight of the auxiliary classifier's cross-entropy in both losses, when the spec has that head.</summary>
    public float AuxiliaryClassifierWeight { get; init; } = 1f;
    /// <summary>Seed of weight initialisation and noise sampling.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>
    /// True: libtorch's deterministic oneDNN mode, so the same seed on the same machine gives bit-identical weights and
    /// rows at the default thread count (one torch thread where libtorch lacks the switch). False: libtorch's defaults.
    /// </summary>
    public bool Deterministic { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting, for networks of <paramref name="spec"/>.</summary>
    public void Validate(GanNetworkSpec spec)
    {
        // BatchNorm needs at least two rows per batch in training mode.
        if (BatchSize < 2) throw new ArgumentException($"BatchSize must be at least 2, got {BatchSize}.", nameof(BatchSize));
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate)) throw new ArgumentException($"LearningRate must be a positive finite number, got {LearningRate}.", nameof(LearningRate));
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"Beta1 must be in [0, 1), got {Beta1}.", nameof(Beta1));
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Beta2 must be in [0, 1), got {Beta2}.", nameof(Beta2));
        if (DiscriminatorSteps <= 0) throw new ArgumentException($"DiscriminatorSteps must be positive, got {DiscriminatorSteps}.", nameof(DiscriminatorSteps));
        if (!(GeneratorEmaDecay >= 0 && GeneratorEmaDecay < 1)) throw new ArgumentException($"GeneratorEmaDecay must be in [0, 1), got {GeneratorEmaDecay}.", nameof(GeneratorEmaDecay));
        if (!(AuxiliaryClassifierWeight >= 0) || float.IsInfinity(AuxiliaryClassifierWeight)) throw new ArgumentException($"AuxiliaryClassifierWeight must be a finite number ≥ 0, got {AuxiliaryClassifierWeight}.", nameof(AuxiliaryClassifierWeight));
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"Unknown Loss {Loss}.", nameof(Loss));
        if (DiffAugment != DiffAugmentPolicy.None && spec.ImageShape is null) throw new ArgumentException("DiffAugment needs ImageShape.", nameof(DiffAugment));
    }
}
