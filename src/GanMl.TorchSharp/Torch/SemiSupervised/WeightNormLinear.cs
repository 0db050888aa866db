using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// A linear layer with weight normalisation (Salimans &amp; Kingma 2016): weight = g · v / ‖v‖ per output unit, so the
/// optimiser moves a unit's length and direction separately. Parameters are named as PyTorch's <c>weight_norm</c> names
/// them (weight_g, weight_v, bias); v starts from the default Linear initialisation and g from its norms.
/// </summary>
internal sealed class WeightNormLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _direction;
    private readonly Parameter _length;
    private readonly Parameter _bias;

    public WeightNormLinear(int inputs, int outputs) : base("weight_norm_linear")
    {
        using (var initial = nn.Linear(inputs, outputs))
        using (no_grad())
        {
            _direction = new Parameter(initial.weight!.detach().clone());
            _length = new Parameter(initial.weight!.detach().norm(1, keepdim: true));
            _bias = new Parameter(initial.bias!.detach().clone());
        }
        register_parameter("weight_g", _length);
        register_parameter("weight_v", _direction);
        register_parameter("bias", _bias);
    }

    /// <summary>Output units.</summary>
    public long Outputs => _direction.shape[0];

    /// <summary>The effective weight g · v / ‖v‖ [out, in].</summary>
    public Tensor Weight()
    {
        using var norm = _direction.norm(1, keepdim: true);
        using var scale = _length / norm;
        return _direction * scale;
    }

    /// <summary>The bias [out].</summary>
    public Tensor Bias => _bias;

    public override Tensor forward(Tensor x)
    {
        using var weight = Weight();
        return F.linear(x, weight, _bias);
    }
}
