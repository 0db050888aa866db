using GanMl.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanMl.Tests.Torch;

public class NetworkShapeTests
{
    public static TheoryData<MlpPreset, int> MlpCases() => new()
    {
        { MlpPreset.Classic, 0 }, { MlpPreset.Classic, 10 },
        { MlpPreset.Minimal, 0 }, { MlpPreset.Minimal, 3 },
        { MlpPreset.Deep, 0 }, { MlpPreset.Deep, 10 },
    };

    [Theory]
    [MemberData(nameof(MlpCases))]
    public void MlpNetworksMapLatentToFeaturesAndFeaturesToOneLogit(MlpPreset preset, int classes)
    {
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Mlp, FeatureSize = 784, LatentDimension = 100, ClassCount = classes, MlpPreset = preset };
        AssertShapes(spec, batch: 4);
    }

    [Theory]
    [InlineData(1, 28, 0)]
    [InlineData(1, 28, 10)]
    [InlineData(3, 32, 0)]
    [InlineData(1, 32, 5)]
    [InlineData(3, 64, 0)]
    [InlineData(3, 64, 10)]
    public void DcganNetworksHandleSupportedImageSizes(int channels, int side, int classes)
    {
        var spec = new GanNetworkSpec
        {
            Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(channels, side, side), FeatureSize = channels * side * side,
            LatentDimension = 16, ClassCount = classes, DcganBaseChannels = 8,
        };
        AssertShapes(spec, batch: 3);
    }

    [Fact]
    public void ClassicGeneratorHasTheTutorialLayerSizes()
    {
        var spec = new GanNetworkSpec { FeatureSize = 784, MlpPreset = MlpPreset.Classic };
        using var g = GanNetworkFactory.CreateGenerator(spec);
        using var d = GanNetworkFactory.CreateDiscriminator(spec);
        var gLinear = g.parameters().Where(p => p.dim() == 2).Select(p => p.shape).ToArray();
        var dLinear = d.parameters().Where(p => p.dim() == 2).Select(p => p.shape).ToArray();
        Assert.Equal(new[] { new long[] { 128, 100 }, [256, 128], [512, 256], [1024, 512], [784, 1024] }, gLinear);
        Assert.Equal(new[] { new long[] { 512, 784 }, [256, 512], [1, 256] }, dLinear);
        // BatchNorm from the second layer on: 256, 512 and 1024 features.
        var bnSizes = g.modules().OfType<TorchSharp.Modules.BatchNorm1d>().Select(m => m.weight!.shape[0]).ToArray();
        Assert.Equal(new long[] { 256, 512, 1024 }, bnSizes);
    }

    [Fact]
    public void DcganWeightsFollowTheDcganInitialisation()
    {
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 28, 28), FeatureSize = 784 };
        using var g = GanNetworkFactory.CreateGenerator(spec, seed: 3);
        var convWeights = cat(g.modules().OfType<TorchSharp.Modules.ConvTranspose2d>().Select(c => c.weight!.flatten()).ToList());
        Assert.InRange(convWeights.std().item<float>(), 0.018, 0.022);
        Assert.InRange(convWeights.mean().item<float>(), -0.002, 0.002);
    }

    private static void AssertShapes(GanNetworkSpec spec, int batch)
    {
        using var scope = NewDisposeScope();
        using var g = GanNetworkFactory.CreateGenerator(spec);
        using var d = GanNetworkFactory.CreateDiscriminator(spec);
        var labels = spec.IsConditional ? arange(batch, dtype: ScalarType.Int64) % spec.ClassCount : null;
        var fake = g.forward(randn(batch, spec.LatentDimension), labels);
        Assert.Equal(new long[] { batch, spec.FeatureSize }, fake.shape);
        Assert.True(fake.abs().max().item<float>() <= 1f, "generator output must be inside Tanh's range");
        var logits = d.forward(fake, labels);
        Assert.Equal(new long[] { batch }, logits.shape);
    }
}
