using GanMl.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Turns a trained <see cref="SslDiscriminator"/> into a <see cref="ClassifierNetwork"/> of plain arrays as it runs in
/// evaluation mode: noise and dropout dropped, weight normalisation folded into the weights.
/// </summary>
internal static class SslClassifierExport
{
    public static ClassifierNetwork ToNetwork(SslDiscriminator classifier, int featureSize, float minimum, float maximum)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var layers = new List<ClassifierLayer>();
        foreach (var layer in classifier.Body.children())
        {
            switch (layer)
            {
                case SeededNoise: break;
                case WeightNormLinear linear: layers.Add(Dense(linear)); break;
                case WeightNormConv2d conv:
                    var w = conv.Weight();
                    layers.Add(new ConvolutionLayer((int)w.shape[1], (int)w.shape[0], (int)w.shape[2], conv.Stride, conv.Padding, Values(w), Values(conv.Bias)));
                    break;
                case ReLU: layers.Add(new ActivationLayer(0)); break;
                case LeakyReLU leaky: layers.Add(new ActivationLayer((float)leaky.negative_slope)); break;
                default: throw new NotSupportedException($"Exporting the classifier does not support the layer {layer.GetType().Name}.");
            }
        }
        if (classifier.Shape is not null) layers.Add(new FlattenLayer());
        var image = classifier.Shape is { } s ? (s.Channels, s.Height, s.Width) : ((int, int, int)?)null;
        return new ClassifierNetwork(featureSize, minimum, maximum, image, layers, Dense(classifier.Head));
    }

    private static DenseLayer Dense(WeightNormLinear linear)
    {
        var w = linear.Weight();
        return new DenseLayer((int)w.shape[1], (int)w.shape[0], Values(w), Values(linear.Bias));
    }

    private static float[] Values(Tensor t) => t.detach().contiguous().data<float>().ToArray();
}
