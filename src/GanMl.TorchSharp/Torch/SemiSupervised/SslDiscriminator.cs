using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// The semi-supervised GAN's discriminator, which is the classifier: K logits per row, where a row's "real" evidence is
/// their log-sum-exp (Salimans et al. 2016). For vectors, the paper's MNIST network: Gaussian noise, then
/// weight-normalised layers 1000-500-250-250-250 with ReLU and noise between them. For images, a small convolutional
/// network: three weight-normalised stride-2 convolutions with LeakyReLU and dropout, the last map flattened.
/// <see cref="Classify"/> also returns the last hidden layer, which feature matching and the ML.NET head read.
/// </summary>
internal sealed class SslDiscriminator : nn.Module<Tensor, Tensor>
{
    /// <summary>Hidden layer sizes of the MLP discriminator.</summary>
    public static readonly int[] MlpHidden = [1000, 500, 250, 250, 250];

    private readonly Sequential _body;
    private readonly WeightNormLinear _head;
    private readonly ImageShape? _shape;

    public SslDiscriminator(SslNetworkSpec spec, Func<Generator> random) : base("ssl_discriminator")
    {
        spec.Validate();
        _shape = spec.IsConvolutional ? spec.ImageShape : null;
        var layers = new List<nn.Module<Tensor, Tensor>> { SeededNoise.Gaussian(spec.InputNoise, random) };
        int features;
        if (_shape is { } shape)
        {
            // DCGAN-like strided convolutions: 28×28 → 14 → 7 → 4 with w, 2w, 4w channels; the flattened last map is the
            // hidden layer (4w·4·4 = 2,048 values for w = 32), which measured better than a global average of it.
            int w = spec.ConvolutionChannels, h = shape.Height, wd = shape.Width;
            (int In, int Out, int Kernel, int Stride)[] convolutions = [(shape.Channels, w, 4, 2), (w, 2 * w, 4, 2), (2 * w, 4 * w, 3, 2)];
            foreach (var (i, o, k, s) in convolutions)
            {
                var conv = new WeightNormConv2d(i, o, k, s, 1);
                layers.Add(conv);
                layers.Add(nn.LeakyReLU(0.2));
                layers.Add(SeededNoise.Dropout(spec.HiddenNoise, random));
                var next = conv.ShapeOn(h, wd);
                (h, wd) = (next.OutputHeight, next.OutputWidth);
            }
            features = 4 * w * h * wd;
        }
        else
        {
            int input = spec.FeatureSize;
            foreach (int hidden in MlpHidden)
            {
                layers.Add(new WeightNormLinear(input, hidden));
                layers.Add(nn.ReLU());
                layers.Add(SeededNoise.Gaussian(spec.HiddenNoise, random));
                input = hidden;
            }
            features = input;
        }
        _body = nn.Sequential(layers);
        _head = new WeightNormLinear(features, spec.ClassCount);
        FeatureCount = features;
        RegisterComponents();
    }

    /// <summary>Width of the hidden features <see cref="Classify"/> returns.</summary>
    public int FeatureCount { get; }

    /// <summary>The layers, in order (for ONNX export).</summary>
    public Sequential Body => _body;

    /// <summary>The K-class head.</summary>
    public WeightNormLinear Head => _head;

    /// <summary>The image layout, or null for the MLP.</summary>
    public ImageShape? Shape => _shape;

    /// <summary>Logits [N, K] and the last hidden layer [N, features] for rows [N, C·H·W] (or [N, F]).</summary>
    public (Tensor Logits, Tensor Features) Classify(Tensor rows)
    {
        var features = Features(rows);
        return (_head.forward(features), features);
    }

    /// <summary>The last hidden layer [N, features].</summary>
    public Tensor Features(Tensor rows)
    {
        if (_shape is not { } shape) return ConvolutionKernels.Forward(_body, rows);
        using var images = rows.view(-1, shape.Channels, shape.Height, shape.Width);
        using var maps = ConvolutionKernels.Forward(_body, images);
        return maps.flatten(1);
    }

    /// <summary>The convolution shapes, for the kernel check (none for the MLP).</summary>
    public IEnumerable<ConvolutionShape> ConvolutionShapes
    {
        get
        {
            if (_shape is not { } shape) yield break;
            int h = shape.Height, w = shape.Width;
            foreach (var conv in _body.children().OfType<WeightNormConv2d>())
            {
                var s = conv.ShapeOn(h, w);
                yield return s;
                (h, w) = (s.OutputHeight, s.OutputWidth);
            }
        }
    }

    public override Tensor forward(Tensor rows) => Classify(rows).Logits;
}
