using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>DCGAN generator: [z, embed(label)] → transposed convolutions with BatchNorm and ReLU → Tanh, output flattened C·H·W.</summary>
internal sealed class DcganGenerator : GanNetwork, IExportableGenerator
{
    private readonly Sequential _body;
    private readonly Embedding? _labelEmbedding;
    private readonly int _featureSize;

    public DcganGenerator(GanNetworkSpec spec) : base("dcgan_generator")
    {
        var shape = spec.ImageShape!;
        var layout = DcganLayout.For(shape);
        int input = spec.LatentDimension;
        if (spec.IsConditional)
        {
            _labelEmbedding = nn.Embedding(spec.ClassCount, spec.LabelEmbeddingDimension);
            input += spec.LabelEmbeddingDimension;
        }
        int channels = spec.DcganBaseChannels << (layout.Upsamplings - 1);
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.ConvTranspose2d(input, channels, layout.StartSize, stride: 1, padding: 0, bias: false),
            nn.BatchNorm2d(channels), nn.ReLU(),
        };
        for (int i = 1; i < layout.Upsamplings; i++)
        {
            layers.Add(nn.ConvTranspose2d(channels, channels / 2, 4, stride: 2, padding: 1, bias: false));
            layers.Add(nn.BatchNorm2d(channels / 2));
            layers.Add(nn.ReLU());
            channels /= 2;
        }
        layers.Add(nn.ConvTranspose2d(channels, shape.Channels, 4, stride: 2, padding: 1, bias: false));
        layers.Add(nn.Tanh());
        _body = nn.Sequential(layers);
        _featureSize = shape.Size;
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override IEnumerable<ConvolutionShape> ConvolutionShapes => ConvolutionKernels.ShapesOf(_body, 1, 1);

    Embedding? IExportableGenerator.LabelEmbedding => _labelEmbedding;
    Sequential IExportableGenerator.Body => _body;
    bool IExportableGenerator.TakesPlanes => true;

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        CheckLabels(_labelEmbedding is not null, labels, "generator");
        using var input = _labelEmbedding is null ? z.alias() : cat([z, _labelEmbedding.forward(labels!)], 1);
        using var planes = input.view(input.shape[0], input.shape[1], 1, 1);
        using var image = ConvolutionKernels.Forward(_body, planes);
        return image.reshape(-1, _featureSize);
    }
}

/// <summary>
/// DCGAN discriminator: strided convolutions with BatchNorm and LeakyReLU(0.2) → one logit. Conditional as in cDCGAN:
/// the label embedding is broadcast to extra input planes. With <see cref="GanNetworkSpec.AuxiliaryClassifier"/> it reads
/// the image alone and a second head predicts the class (AC-GAN). No projection head: see docs/training.md, section 4.
/// </summary>
internal sealed class DcganDiscriminator : GanNetwork
{
    private readonly Sequential _body;
    private readonly Conv2d _head;
    private readonly Conv2d? _classHead;
    private readonly Embedding? _labelEmbedding;
    private readonly ImageShape _shape;

    public DcganDiscriminator(GanNetworkSpec spec) : base("dcgan_discriminator")
    {
        _shape = spec.ImageShape!;
        var layout = DcganLayout.For(_shape);
        int channels = spec.DcganBaseChannels, input = _shape.Channels;
        if (spec.IsConditional && !spec.AuxiliaryClassifier)
        {
            // One embedding row more than classes: "no label", for rows without one (semi-supervised training).
            _labelEmbedding = nn.Embedding(spec.ClassCount + 1, spec.LabelEmbeddingDimension);
            input += spec.LabelEmbeddingDimension;
        }
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(input, channels, 4, stride: 2, padding: 1, bias: false),
            nn.LeakyReLU(0.2),
        };
        for (int i = 1; i < layout.Upsamplings; i++)
        {
            layers.Add(nn.Conv2d(channels, channels * 2, 4, stride: 2, padding: 1, bias: false));
            layers.Add(nn.BatchNorm2d(channels * 2));
            layers.Add(nn.LeakyReLU(0.2));
            channels *= 2;
        }
        _body = nn.Sequential(layers);
        _head = nn.Conv2d(channels, 1, layout.StartSize, stride: 1, padding: 0L, bias: false);
        if (spec.AuxiliaryClassifier) _classHead = nn.Conv2d(channels, spec.ClassCount, layout.StartSize, stride: 1, padding: 0L);
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override bool TakesLabels => _classHead is null && _labelEmbedding is not null;

    public override IEnumerable<ConvolutionShape> ConvolutionShapes
    {
        get
        {
            var body = ConvolutionKernels.ShapesOf(_body, _shape.Height, _shape.Width).ToList();
            var last = body[^1];
            var heads = new[] { _head, _classHead }.OfType<Conv2d>().Select(h => ConvolutionKernels.ShapeOf(h, last.OutputHeight, last.OutputWidth));
            return body.Concat(heads);
        }
    }

    public override Tensor forward(Tensor x, Tensor? labels)
    {
        var (logits, classes) = ForwardWithClasses(x, labels);
        classes?.Dispose();
        return logits;
    }

    public override (Tensor Logits, Tensor? ClassLogits) ForwardWithClasses(Tensor x, Tensor? labels)
    {
        if (_classHead is null) CheckLabels(_labelEmbedding is not null, labels, "discriminator");
        using var image = x.view(-1, _shape.Channels, _shape.Height, _shape.Width);
        using var input = _labelEmbedding is null ? image.alias() : WithLabelPlanes(image, labels!);
        using var features = ConvolutionKernels.Forward(_body, input);
        using var head = ConvolutionKernels.Forward(_head, features);
        var logits = head.view(-1);
        if (_classHead is null) return (logits, null);
        using var classes = ConvolutionKernels.Forward(_classHead, features);
        return (logits, classes.flatten(1));
    }

    private Tensor WithLabelPlanes(Tensor image, Tensor labels)
    {
        using var embedded = _labelEmbedding!.forward(labels);
        using var planes = embedded.view(embedded.shape[0], embedded.shape[1], 1, 1).expand(-1, -1, _shape.Height, _shape.Width);
        return cat([image, planes], 1);
    }
}

/// <summary>The DCGAN paper's initialisation: convolutions N(0, 0.02), BatchNorm weight N(1, 0.02) and bias 0.</summary>
internal static class DcganInit
{
    public static void Apply(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d conv: nn.init.normal_(conv.weight, 0.0, 0.02); break;
                case ConvTranspose2d deconv: nn.init.normal_(deconv.weight, 0.0, 0.02); break;
                case BatchNorm2d bn:
                    nn.init.normal_(bn.weight, 1.0, 0.02);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }
}
