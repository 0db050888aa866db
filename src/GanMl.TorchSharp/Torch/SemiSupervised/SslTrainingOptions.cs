namespace GanMl.Torch;

/// <summary>Optimisation settings of a semi-supervised GAN run (mapped from SemiSupervisedGanOptions).</summary>
internal sealed record SslTrainingOptions
{
    /// <summary>Rows per batch of each kind: labelled, unlabelled and generated.</summary>
    public int BatchSize { get; init; } = 100;
    /// <summary>Adam learning rate of both networks.</summary>
    public float LearningRate { get; init; } = 3e-3f;
    /// <summary>Adam β1.</summary>
    public float Beta1 { get; init; } = 0.5f;
    /// <summary>Adam β2.</summary>
    public float Beta2 { get; init; } = 0.999f;
    /// <summary>Weight of the unsupervised (real vs generated) term in the discriminator's loss; 0 trains a supervised classifier.</summary>
    public float UnsupervisedWeight { get; init; } = 1f;
    /// <summary>Largest random translation, in pixels, of real image rows shown to the discriminator (0: none; needs an image shape).</summary>
    public int Translation { get; init; }
    /// <summary>Decay of a moving average of the discriminator's weights that classifies (0: the trained weights classify).</summary>
    public float AverageDecay { get; init; }
    /// <summary>Share of the run, at its end, over which the learning rate falls linearly to 0 (0: constant).</summary>
    public float DecayShare { get; init; }
    /// <summary>Weight of the entropy of the class probabilities on unlabelled rows (entropy minimisation; 0: off).</summary>
    public float EntropyWeight { get; init; }
    /// <summary>Fewest steps per epoch, so that small data sets still get enough steps.</summary>
    public int MinStepsPerEpoch { get; init; } = 100;
    /// <summary>Seed of weight initialisation, batches, noise and dropout.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Same seed, same machine, same bits (see GanTrainingOptions.Deterministic).</summary>
    public bool Deterministic { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BatchSize < 2) throw new ArgumentException($"BatchSize must be at least 2, got {BatchSize}.", nameof(BatchSize));
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate)) throw new ArgumentException($"LearningRate must be a positive finite number, got {LearningRate}.", nameof(LearningRate));
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"Beta1 must be in [0, 1), got {Beta1}.", nameof(Beta1));
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"Beta2 must be in [0, 1), got {Beta2}.", nameof(Beta2));
        if (!(UnsupervisedWeight >= 0) || float.IsInfinity(UnsupervisedWeight)) throw new ArgumentException($"UnsupervisedWeight must be a finite number ≥ 0, got {UnsupervisedWeight}.", nameof(UnsupervisedWeight));
        if (MinStepsPerEpoch < 1) throw new ArgumentException($"MinStepsPerEpoch must be at least 1, got {MinStepsPerEpoch}.", nameof(MinStepsPerEpoch));
    }
}
