using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// The semi-supervised GAN's generator (Salimans et al. 2016, MNIST): uniform noise → 500 → 500 with BatchNorm and
/// Softplus → a weight-normalised layer → Sigmoid, so rows are in [0, 1] like the scaled real rows. Feature matching
/// trains it; its rows only teach the discriminator where the data is not.
/// </summary>
internal sealed class SslGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _body;

    public SslGenerator(SslNetworkSpec spec) : base("ssl_generator")
    {
        _body = nn.Sequential(
            nn.Linear(spec.LatentDimension, 500), nn.BatchNorm1d(500), nn.Softplus(),
            nn.Linear(500, 500), nn.BatchNorm1d(500), nn.Softplus(),
            new WeightNormLinear(500, spec.FeatureSize), nn.Sigmoid());
        RegisterComponents();
    }

    public override Tensor forward(Tensor noise) => _body.forward(noise);
}
