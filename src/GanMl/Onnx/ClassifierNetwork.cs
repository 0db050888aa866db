namespace GanMl.Onnx;

/// <summary>
/// A trained classifier as plain arrays, for building ONNX graphs without torch: how inputs are scaled and laid out, its
/// layers in order (evaluation mode: no noise, no dropout, weight normalisation folded into the weights), and the head
/// that turns the last hidden layer into class logits.
/// </summary>
/// <param name="FeatureSize">Values per input row.</param>
/// <param name="Minimum">Feature value mapped to 0.</param>
/// <param name="Maximum">Feature value mapped to 1.</param>
/// <param name="Image">Channels, height and width when the layers are convolutional; null for an MLP.</param>
/// <param name="Layers">The hidden layers, in order.</param>
/// <param name="Head">The class head: logits = W h + b.</param>
internal sealed record ClassifierNetwork(int FeatureSize, float Minimum, float Maximum, (int Channels, int Height, int Width)? Image,
    IReadOnlyList<ClassifierLayer> Layers, DenseLayer Head)
{
    /// <summary>Classes K.</summary>
    public int ClassCount => Head.Outputs;

    /// <summary>Width of the last hidden layer.</summary>
    public int HiddenWidth => Head.Inputs;
}

/// <summary>One layer of a <see cref="ClassifierNetwork"/>.</summary>
internal abstract record ClassifierLayer;

/// <summary>y = W x + b with W [outputs, inputs] row-major.</summary>
internal sealed record DenseLayer(int Inputs, int Outputs, float[] Weight, float[] Bias) : ClassifierLayer;

/// <summary>A 2-D convolution, weight [out, in, k, k] row-major.</summary>
internal sealed record ConvolutionLayer(int Inputs, int Outputs, int Kernel, int Stride, int Padding, float[] Weight, float[] Bias) : ClassifierLayer;

/// <summary>An activation: <see cref="Slope"/> 0 is ReLU, otherwise LeakyReLU with that negative slope.</summary>
internal sealed record ActivationLayer(float Slope) : ClassifierLayer;

/// <summary>[N, C, H, W] → [N, C·H·W].</summary>
internal sealed record FlattenLayer : ClassifierLayer;
