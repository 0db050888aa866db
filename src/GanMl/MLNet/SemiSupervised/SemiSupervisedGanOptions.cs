namespace GanMl;

/// <summary>
/// Options of <c>SemiSupervisedGanTrainer</c>: the columns, the networks and the optimisation. Every default
/// was measured on Fashion-MNIST with 100 labelled images per class (docs/semi-supervised.md).
/// </summary>
public sealed record SemiSupervisedGanOptions
{
    /// <summary>The features: a <c>Vector&lt;float&gt;</c> of known size. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";
    /// <summary>The class: a key column (e.g. from <c>MapValueToKey</c>); rows whose key is missing (0) are the unlabelled rows. Default
    /// "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";
    /// <summary>Planar C×H×W layout of the features, when they are images: enables translation augmentation and the convolutional
    /// classifier.</summary>
    public ImageShape? ImageShape { get; set; }
    /// <summary>
    /// True: a convolutional classifier with translation augmentation (needs <see cref="ImageShape"/>); false or null
    /// (default): the MLP of Salimans et al., which gained more from unlabelled images on Fashion-MNIST
    /// (docs/semi-supervised.md).
    /// </summary>
    public bool? Convolutional { get; set; }
    /// <summary>
    /// Passes over the pool of training rows (labelled and unlabelled; at least <see cref="MinStepsPerEpoch"/> batches each).
    /// Null (default): enough epochs for about <c>SemiSupervisedGanTrainer.DefaultStepBudget</c> steps, between 10 and 100.
    /// </summary>
    public int? Epochs { get; set; }
    /// <summary>Rows per batch of each kind (labelled, unlabelled, generated). Default 100.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>Fewest batches per epoch, so that a small pool still gets enough steps per epoch. Default 100.</summary>
    public int MinStepsPerEpoch { get; set; } = 100;
    /// <summary>Adam learning rate. Null (default): 3e-3 for the MLP and 2e-3 for the convolutional classifier.</summary>
    public float? LearningRate { get; set; }
    /// <summary>
    /// Weight of the real-versus-generated term in the classifier's loss. 0 trains a supervised classifier on the labelled rows alone.
    /// Null (default): 1 when the data has unlabelled rows, and 0 when every row is labelled: with no unlabelled rows the GAN term did not
    /// raise accuracy (81.44 % against 81.55 % over 3 seeds, one seed 0.53 points below) and took 4.5 times as long (docs/semi-supervised.md).
    /// </summary>
    public float? UnsupervisedWeight { get; set; }
    /// <summary>Length of the generator's noise vector. Default 100.</summary>
    public int LatentDimension { get; set; } = 100;
    /// <summary>Channels of the convolutional classifier's first layer (doubled once). Default 32.</summary>
    public int ConvolutionChannels { get; set; } = 32;
    /// <summary>
    /// Share of each class's labelled rows held out to pick the best epoch (at least one row per class with two or more).
    /// 0 turns validation off: the last epoch is kept. Default 0.1.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.1;
    /// <summary>Stop after this many epochs without a better validation accuracy (0: never stop early). The last epoch of the best accuracy is kept
    /// either way. Default 0.</summary>
    public int EarlyStoppingPatience { get; set; }
    /// <summary>Seed of initialisation, batches, noise, dropout and the validation split; null derives one from the MLContext's seed.</summary>
    public int? Seed { get; set; }
    /// <summary>True (default): the same seed on the same machine gives the same weights and predictions on every run (docs/cpu.md).</summary>
    public bool Deterministic { get; set; } = true;
    /// <summary>The output column of class probabilities, one per class in key order. Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";
    /// <summary>The output key column of the predicted class, with the label's key values. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";
    /// <summary>Receives one report per step and one per epoch.</summary>
    public IProgress<SemiSupervisedGanProgress>? Progress { get; set; }
    /// <summary>Cancels <c>Fit</c> between steps (as <c>MLContext.CancelExecution()</c> does).</summary>
    public CancellationToken CancellationToken { get; set; }
}
