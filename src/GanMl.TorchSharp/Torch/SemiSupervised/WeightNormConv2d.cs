using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// A 2-D convolution with weight normalisation per output channel (see <see cref="WeightNormLinear"/>), computed on the
/// path <see cref="ConvolutionKernels"/> checked for its shape.
/// </summary>
internal sealed class WeightNormConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _direction;
    private readonly Parameter _length;
    private readonly Parameter _bias;

    public WeightNormConv2d(int inputs, int outputs, int kernel, int stride, int padding) : base("weight_norm_conv2d")
    {
        Stride = stride;
        Padding = padding;
        using (var initial = nn.Conv2d(inputs, outputs, kernel, stride: stride, padding: padding))
        using (no_grad())
        {
            _direction = new Parameter(initial.weight.detach().clone());
            _length = new Parameter(initial.weight.detach().flatten(1).norm(1, keepdim: true).view(-1, 1, 1, 1));
            _bias = new Parameter(initial.bias!.detach().clone());
        }
        register_parameter("weight_g", _length);
        register_parameter("weight_v", _direction);
        register_parameter("bias", _bias);
    }

    /// <summary>Stride in both directions.</summary>
    public int Stride { get; }

    /// <summary>Zero padding in both directions.</summary>
    public int Padding { get; }

    /// <summary>Output channels.</summary>
    public long Outputs => _direction.shape[0];

    /// <summary>The layer's shape on inputs of the given size.</summary>
    public ConvolutionShape ShapeOn(int height, int width) =>
        new(false, (int)_direction.shape[1], (int)_direction.shape[0], (int)_direction.shape[2], Stride, Padding, height, width, true);

    /// <summary>The effective weight g · v / ‖v‖ [out, in, k, k].</summary>
    public Tensor Weight()
    {
        using var flat = _direction.flatten(1);
        using var norm = flat.norm(1, keepdim: true);
        using var planes = norm.view(-1, 1, 1, 1);
        using var scale = _length / planes;
        return _direction * scale;
    }

    /// <summary>The bias [out].</summary>
    public Tensor Bias => _bias;

    public override Tensor forward(Tensor x)
    {
        using var weight = Weight();
        return ConvolutionKernels.Forward(x, weight, _bias, Stride, Padding);
    }
}
