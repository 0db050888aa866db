namespace GanMl.Torch;

/// <summary>Everything that fixes the shapes of a generator/discriminator pair. Two equal specs build weight-compatible networks.</summary>
internal sealed record GanNetworkSpec
{
    /// <summary>The network family.</summary>
    public GanArchitecture Architecture { get; init; } = GanArchitecture.Mlp;
    /// <summary>Length of one data vector (C·H·W for images).</summary>
    public int FeatureSize { get; init; }
    /// <summary>Image layout; required for <see cref="GanArchitecture.Dcgan"/>.</summary>
    public ImageShape? ImageShape { get; init; }
    /// <summary>Length of the noise vector z.</summary>
    public int LatentDimension { get; init; } = 100;
    /// <summary>Number of classes for a conditional GAN; 0 for an unconditional one.</summary>
    public int ClassCount { get; init; }
    /// <summary>MLP layer sizes when <see cref="GeneratorHiddenLayers"/>/<see cref="DiscriminatorHiddenLayers"/> are not set.</summary>
    public MlpPreset MlpPreset { get; init; } = MlpPreset.Classic;
    /// <summary>Custom MLP generator hidden sizes; null uses <see cref="MlpPreset"/>.</summary>
    public IReadOnlyList<int>? GeneratorHiddenLayers { get; init; }
    /// <summary>Custom MLP discriminator hidden sizes; null uses <see cref="MlpPreset"/>.</summary>
    public IReadOnlyList<int>? DiscriminatorHiddenLayers { get; init; }
    /// <summary>DCGAN feature maps of the widest-resolution layer (ngf/ndf in the DCGAN paper's code).</summary>
    public int DcganBaseChannels { get; init; } = 64;

    /// <summary>
    /// Conditional DCGAN only: the discriminator sees the image alone and has an auxiliary classifier head (AC-GAN) besides
    /// its real/fake logit, instead of taking the label as extra input planes. Rows without a label can then train it too.
    /// </summary>
    public bool AuxiliaryClassifier { get; init; }

    /// <summary>Width of the learned label embedding: the class count (as in the cGAN tutorial), capped at 50.</summary>
    public int LabelEmbeddingDimension => Math.Min(ClassCount, 50);

    /// <summary>True when the networks take a class label.</summary>
    public bool IsConditional => ClassCount > 0;

    /// <summary>
    /// A lower bound on the weights of both networks, computed without building them (in double: a damaged spec may
    /// describe more than a long holds). MLP: every Linear layer's matrix; DCGAN: the first generator layer's; both: the
    /// label embeddings.
    /// </summary>
    internal double MinimumParameterCount()
    {
        double embedding = 2.0 * ClassCount * LabelEmbeddingDimension;
        if (Architecture == GanArchitecture.Dcgan) return embedding + ((double)LatentDimension + LabelEmbeddingDimension) * DcganBaseChannels;
        static double Chain(double input, IEnumerable<int> sizes, double output)
        {
            double total = 0;
            foreach (int size in sizes.Append((int)Math.Min(output, int.MaxValue)))
            {
                total += input * size;
                input = size;
            }
            return total;
        }
        return embedding
            + Chain((double)LatentDimension + LabelEmbeddingDimension, MlpLayers.Generator(this).Hidden, FeatureSize)
            + Chain((double)FeatureSize + LabelEmbeddingDimension, MlpLayers.Discriminator(this).Hidden, 1);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (FeatureSize <= 0) throw new ArgumentException($"FeatureSize must be positive, got {FeatureSize}.", nameof(FeatureSize));
        if (LatentDimension <= 0) throw new ArgumentException($"LatentDimension must be positive, got {LatentDimension}.", nameof(LatentDimension));
        if (ClassCount < 0 || ClassCount == 1) throw new ArgumentException($"ClassCount must be 0 (unconditional) or at least 2, got {ClassCount}.", nameof(ClassCount));
        if (ImageShape is { } shape && shape.Size != FeatureSize)
            throw new ArgumentException($"ImageShape {shape} holds {shape.Size} values but the feature vector has {FeatureSize}.", nameof(ImageShape));
        if (Architecture == GanArchitecture.Dcgan)
        {
            if (ImageShape is null) throw new ArgumentException("ImageShape is required for the Dcgan architecture.", nameof(ImageShape));
            if (DcganBaseChannels <= 0) throw new ArgumentException($"DcganBaseChannels must be positive, got {DcganBaseChannels}.", nameof(DcganBaseChannels));
            DcganLayout.For(ImageShape);
        }
        if (AuxiliaryClassifier && (Architecture != GanArchitecture.Dcgan || !IsConditional))
            throw new ArgumentException("AuxiliaryClassifier needs a conditional (ClassCount ≥ 2) Dcgan.", nameof(AuxiliaryClassifier));
        foreach (var (name, layers) in new[] { (nameof(GeneratorHiddenLayers), GeneratorHiddenLayers), (nameof(DiscriminatorHiddenLayers), DiscriminatorHiddenLayers) })
            if (layers is not null && (layers.Count == 0 || layers.Any(n => n <= 0)))
                throw new ArgumentException($"{name} must list at least one positive layer size.", name);
    }
}
