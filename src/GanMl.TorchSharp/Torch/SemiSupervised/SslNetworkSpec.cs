namespace GanMl.Torch;

/// <summary>The shapes of a semi-supervised GAN: a K-class discriminator (the classifier) and a generator.</summary>
internal sealed record SslNetworkSpec
{
    /// <summary>Values per row (C·H·W for images).</summary>
    public int FeatureSize { get; init; }
    /// <summary>Classes K (at least 2).</summary>
    public int ClassCount { get; init; }
    /// <summary>Image layout of the rows, when they are images: enables translation augmentation and, with <see cref="Convolutional"/>, the
    /// convolutional discriminator.</summary>
    public ImageShape? ImageShape { get; init; }
    /// <summary>True for the convolutional discriminator (needs <see cref="ImageShape"/>); false for the MLP.</summary>
    public bool Convolutional { get; init; }
    /// <summary>Length of the generator's noise vector.</summary>
    public int LatentDimension { get; init; } = 100;
    /// <summary>Channels of the convolutional discriminator's first layer (doubled at each stride-2 layer).</summary>
    public int ConvolutionChannels { get; init; } = 32;
    /// <summary>Standard deviation of the Gaussian noise added to the discriminator's input in training.</summary>
    public float InputNoise { get; init; } = 0.3f;
    /// <summary>Dropout (convolutional) or Gaussian noise (MLP) between the discriminator's hidden layers in training.</summary>
    public float HiddenNoise { get; init; } = 0.5f;

    /// <summary>True when the discriminator is convolutional.</summary>
    public bool IsConvolutional => Convolutional && ImageShape is not null;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (FeatureSize <= 0) throw new ArgumentException($"FeatureSize must be positive, got {FeatureSize}.", nameof(FeatureSize));
        if (ClassCount < 2) throw new ArgumentException($"A classifier needs at least 2 classes, got {ClassCount}.", nameof(ClassCount));
        if (LatentDimension <= 0) throw new ArgumentException($"LatentDimension must be positive, got {LatentDimension}.", nameof(LatentDimension));
        if (ConvolutionChannels <= 0) throw new ArgumentException($"ConvolutionChannels must be positive, got {ConvolutionChannels}.", nameof(ConvolutionChannels));
        if (!(InputNoise >= 0) || float.IsInfinity(InputNoise)) throw new ArgumentException($"InputNoise must be a finite number ≥ 0, got {InputNoise}.", nameof(InputNoise));
        if (!(HiddenNoise >= 0 && HiddenNoise < 1)) throw new ArgumentException($"HiddenNoise must be in [0, 1), got {HiddenNoise}.", nameof(HiddenNoise));
        if (Convolutional && ImageShape is null) throw new ArgumentException("The convolutional classifier needs ImageShape.", nameof(Convolutional));
        if (ImageShape is { } shape)
        {
            if (shape.Size != FeatureSize) throw new ArgumentException($"ImageShape {shape} holds {shape.Size} values but the feature vector has {FeatureSize}.", nameof(ImageShape));
            if (shape.Height < 8 || shape.Width < 8) throw new ArgumentException($"The convolutional classifier needs images of at least 8×8, got {shape}.", nameof(ImageShape));
        }
    }
}
