using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Training-time regularisation drawn from a generator the trainer owns, not torch's process-wide one, so that a
/// <c>Deterministic</c> run gives the same draws whatever other threads do with torch: additive Gaussian noise
/// (<see cref="Gaussian"/>) or dropout (<see cref="Dropout"/>). In evaluation mode it passes its input through.
/// </summary>
internal sealed class SeededNoise : nn.Module<Tensor, Tensor>
{
    private readonly bool _dropout;
    private readonly double _amount;
    private readonly Func<Generator> _random;

    private SeededNoise(bool dropout, double amount, Func<Generator> random) : base(dropout ? "dropout" : "gaussian_noise")
    {
        if (!(amount >= 0) || (dropout && amount >= 1)) throw new ArgumentOutOfRangeException(nameof(amount), amount, dropout ? "Dropout must be in [0, 1)." : "Noise must be ≥ 0.");
        _dropout = dropout;
        _amount = amount;
        _random = random;
    }

    /// <summary>x + N(0, std²) per value.</summary>
    public static SeededNoise Gaussian(double std, Func<Generator> random) => new(false, std, random);

    /// <summary>Each value zeroed with probability p, the others scaled by 1 / (1 − p).</summary>
    public static SeededNoise Dropout(double p, Func<Generator> random) => new(true, p, random);

    public override Tensor forward(Tensor x)
    {
        if (!training || _amount == 0) return x.alias();
        if (_dropout)
        {
            using var draws = rand(x.shape, generator: _random(), device: x.device);
            using var threshold = _amount.ToScalar();
            using var scale = (1 / (1 - _amount)).ToScalar();
            using var keep = draws.ge(threshold);
            using var mask = keep.to_type(x.dtype).mul_(scale);
            return x * mask;
        }
        using var std = _amount.ToScalar();
        using var noise = randn(x.shape, generator: _random(), device: x.device).mul_(std);
        return x + noise;
    }
}
