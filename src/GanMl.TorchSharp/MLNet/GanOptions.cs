using GanMl.Torch;

namespace GanMl;

/// <summary>Options of <see cref="GanEstimator"/>: which columns to learn from, the networks, and the optimisation.</summary>
public sealed record GanOptions
{
    /// <summary>The column to learn: a <c>Vector&lt;float&gt;</c> of known size (e.g. ExtractPixels output). Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";
    /// <summary>Optional class column (key, text, bool or numeric). When set, the GAN is conditional on it.</summary>
    public string? LabelColumnName { get; set; }
    /// <summary>Planar C×H×W layout of the feature vector. Required for <see cref="GanArchitecture.Dcgan"/>.</summary>
    public ImageShape? ImageShape { get; set; }
    /// <summary>Network family. Null (default) picks <see cref="GanArchitecture.Dcgan"/> when <see cref="ImageShape"/> is a square image DCGAN
    /// supports, else <see cref="GanArchitecture.Mlp"/>.</summary>
    public GanArchitecture? Architecture { get; set; }
    /// <summary>Layer sizes of the MLP networks. Default <see cref="MlpPreset.Classic"/>.</summary>
    public MlpPreset MlpPreset { get; set; } = MlpPreset.Classic;
    /// <summary>DCGAN feature maps at the highest resolution (64 in the paper; the default 32 trains twice as fast on CPU and did as well on 28×28
    /// images).</summary>
    public int DcganBaseChannels { get; set; } = 32;
    /// <summary>Length of the noise vector z.</summary>
    public int LatentDimension { get; set; } = 100;
    /// <summary>
    /// Passes over the training data. Null (default) sets a budget of about <see cref="GanRecipe.TargetImagesSeen"/> rows seen:
    /// 120 epochs of 1,000 rows, fewer (at least 5) for more data, so training time grows with the data size but stays bounded.
    /// </summary>
    public int? Epochs { get; set; }
    /// <summary>Rows per mini-batch. Null (default): 64 for Dcgan, 128 for Mlp.</summary>
    public int? BatchSize { get; set; }
    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; set; } = GanTrainingOptions.Defaults.LearningRate;
    /// <summary>Adam β1.</summary>
    public float Beta1 { get; set; } = GanTrainingOptions.Defaults.Beta1;
    /// <summary>Adam β2.</summary>
    public float Beta2 { get; set; } = GanTrainingOptions.Defaults.Beta2;
    /// <summary>k discriminator steps per generator step.</summary>
    public int DiscriminatorSteps { get; set; } = GanTrainingOptions.Defaults.DiscriminatorSteps;
    /// <summary>
    /// Adversarial loss. Null (default): <see cref="GanLoss.Hinge"/> for Dcgan (the image recipe, docs/augmentation.md) and
    /// <see cref="GanLoss.NonSaturating"/> for Mlp. With the hinge loss
    /// D's output is a margin, so <see cref="GanTransformer.ScoreColumnName"/> (its sigmoid) ranks rows but is not a probability.
    /// </summary>
    public GanLoss? Loss { get; set; }
    /// <summary>DiffAugment policy for the discriminator's inputs (needs <see cref="ImageShape"/>). Null (default): <c>All</c> for Dcgan, which helps
    /// most with a few hundred images per class; <c>None</c> for Mlp.</summary>
    public DiffAugmentPolicy? DiffAugment { get; set; }
    /// <summary>
    /// Decay of the moving average of the generator's weights that generates the rows (0 = off; 0.999 is a usual value).
    /// Null (default): off (why: docs/augmentation.md).
    /// </summary>
    public float? GeneratorEmaDecay { get; set; }
    /// <summary>
    /// Conditional Dcgan only: an auxiliary classifier head in the discriminator (AC-GAN) instead of label input planes;
    /// rows without a label then train only its real/fake head. Null (default): on only when some training rows have no
    /// label, and off otherwise (why: docs/augmentation.md).
    /// </summary>
    public bool? AuxiliaryClassifier { get; set; }
    /// <summary>Seed of initialisation, noise and shuffling; null derives one from the MLContext's seed.</summary>
    public int? Seed { get; set; }
    /// <summary>
    /// True (default): the same seed on the same machine gives bit-identical weights and rows at the default torch thread
    /// count. GanMl then turns on libtorch's deterministic oneDNN mode, process-wide (docs/cpu.md); it cost no measurable
    /// speed. False: libtorch's default, which oneDNN documents may sum in another order on some runs.
    /// </summary>
    public bool Deterministic { get; set; } = GanTrainingOptions.Defaults.Deterministic;
    /// <summary>Value range of the features (e.g. 0..255 for pixels); null learns min and max over the data at Fit.</summary>
    public ValueRange? FeatureRange { get; set; }
    /// <summary>Rows held by the streaming shuffle; bounds memory. Default 10,000.</summary>
    public int ShufflePoolSize { get; set; } = 10_000;
    /// <summary>Receives one report per generator step and one per epoch.</summary>
    public IProgress<GanProgress>? Progress { get; set; }
    /// <summary>
    /// Called after every epoch with the epoch's record and a view of the generator as it is now (to write samples or compute a metric).
    /// The view shares the networks in training: use it only inside the callback (disposing it does nothing).
    /// </summary>
    public Action<GanEpochRecord, GanTransformer>? EpochEnd { get; set; }
    /// <summary>Optional FID/KID monitoring against the training data during training (see <see cref="GanFidMonitor"/>).</summary>
    public GanFidMonitor? FidMonitor { get; set; }
    /// <summary>Optional CAS monitoring of a conditional GAN during training, which can keep the best epoch (see
    /// <see cref="GanCasMonitor"/>).</summary>
    public GanCasMonitor? CasMonitor { get; set; }
    /// <summary>
    /// Stops training before the next mini-batch (Fit then throws <see cref="OperationCanceledException"/>).
    /// <c>MLContext.CancelExecution()</c> on the context the estimator was made with stops it the same way.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Training settings; call on options resolved by <see cref="GanRecipe.Resolve"/> (unresolved ones take the trainer's
    /// defaults).</summary>
    internal GanTrainingOptions ToTrainingOptions(int seed)
    {
        var defaults = GanTrainingOptions.Defaults;
        return new()
        {
            BatchSize = BatchSize ?? defaults.BatchSize, LearningRate = LearningRate, Beta1 = Beta1, Beta2 = Beta2, DiscriminatorSteps = DiscriminatorSteps,
            Loss = Loss ?? defaults.Loss, Seed = seed, DiffAugment = DiffAugment ?? defaults.DiffAugment, Deterministic = Deterministic,
            GeneratorEmaDecay = GeneratorEmaDecay ?? defaults.GeneratorEmaDecay,
        };
    }

    /// <summary>Network shapes; call on options resolved by <see cref="GanRecipe.Resolve"/>.</summary>
    internal GanNetworkSpec ToNetworkSpec(int featureSize, int classCount) => new()
    {
        Architecture = Architecture ?? GanArchitecture.Mlp, FeatureSize = featureSize, ImageShape = ImageShape, LatentDimension = LatentDimension,
        ClassCount = classCount, MlpPreset = MlpPreset, DcganBaseChannels = DcganBaseChannels,
        AuxiliaryClassifier = classCount > 0 && AuxiliaryClassifier == true,
    };

    /// <summary>
    /// Checks the settings that do not depend on the data; throws an <see cref="ArgumentException"/> naming the option.
    /// Network and optimiser settings are checked by the same code that checks them at Fit and Load, on a provisional
    /// spec whose feature size is the image's (or 1) and which has no classes yet.
    /// </summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        if (LabelColumnName is not null && string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("LabelColumnName must be null or name a column.", nameof(LabelColumnName));
        if (ShufflePoolSize < 1) throw new ArgumentException($"ShufflePoolSize must be positive, got {ShufflePoolSize}.", nameof(ShufflePoolSize));
        if (Epochs is <= 0) throw new ArgumentException($"Epochs must be positive, got {Epochs}.", nameof(Epochs));
        if (AuxiliaryClassifier == true && Architecture == GanArchitecture.Mlp) throw new ArgumentException("AuxiliaryClassifier needs the Dcgan architecture.", nameof(AuxiliaryClassifier));
        if (FeatureRange is { } r && !(r.Max > r.Min)) throw new ArgumentException($"FeatureRange must have Max > Min, got {r}.", nameof(FeatureRange));
        var spec = ToNetworkSpec(ImageShape?.Size ?? 1, classCount: 0);
        spec.Validate();
        ToTrainingOptions(seed: 0).Validate(spec);
        FidMonitor?.Validate();
        CasMonitor?.Validate();
        if (CasMonitor is not null && LabelColumnName is null) throw new ArgumentException("CasMonitor needs a conditional GAN: set LabelColumnName.", nameof(CasMonitor));
    }
}
