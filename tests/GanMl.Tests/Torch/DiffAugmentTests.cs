using GanMl.Torch;
using Xunit;
using static TorchSharp.torch;

namespace GanMl.Tests.Torch;

public class DiffAugmentTests
{
    [Fact]
    public void TranslationShiftsEveryImageByWholePixelsWithinAnEighth()
    {
        using var scope = NewDisposeScope();
        var images = rand([16, 2, 16, 16], generator: new Generator(1));
        var shifted = DiffAugment.Apply(images, DiffAugmentPolicy.Translation, new Generator(2));
        for (int i = 0; i < 16; i++)
        {
            var source = images[i];
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
                for (int dx = -2; dx <= 2 && !found; dx++)
                    found = shifted[i].eq(Shift(source, dy, dx)).all().item<bool>();
            Assert.True(found, $"image {i} is not a shift of its input by at most 2 pixels");
        }
    }

    [Fact]
    public void CutoutZeroesOneClippedSquareOfHalfTheSide()
    {
        using var scope = NewDisposeScope();
        var images = ones([64, 1, 16, 16]);
        var cut = DiffAugment.Apply(images, DiffAugmentPolicy.Cutout, new Generator(3));
        var zeros = (cut.eq(0)).sum([1, 2, 3]).data<long>().ToArray();
        Assert.All(zeros, z => Assert.InRange(z, 4 * 4, 8 * 8));
        Assert.Contains(64L, zeros);
        Assert.True(cut.eq(0).logical_or(cut.eq(1)).all().item<bool>());
    }

    [Fact]
    public void AugmentationIsSeededAndDifferentiable()
    {
        using var scope = NewDisposeScope();
        var images = rand([4, 1, 8, 8], generator: new Generator(4)).requires_grad_();
        var a = DiffAugment.Apply(images, DiffAugmentPolicy.All, new Generator(5));
        var b = DiffAugment.Apply(images, DiffAugmentPolicy.All, new Generator(5));
        Assert.True(a.eq(b).all().item<bool>());
        a.sum().backward();
        Assert.True(images.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TrainerAppliesDiffAugmentOnlyWithAnImageShape()
    {
        var spec = new GanNetworkSpec { FeatureSize = 64, ImageShape = new ImageShape(1, 8, 8), MlpPreset = MlpPreset.Minimal, LatentDimension = 4 };
        // Real rows of zeros: with cutout and translation (zero fill) they stay zeros, but colour shifts them, so D sees other inputs.
        double MeanRealScore(DiffAugmentPolicy policy)
        {
            using var trainer = new GanTrainer(spec, new GanTrainingOptions { DiffAugment = policy, Seed = 3 });
            var stats = trainer.TrainBatch(new GanBatch(new float[8 * 64], null, 8));
            Assert.True(stats is { } s && double.IsFinite(s.GeneratorLoss));
            return stats!.Value.MeanRealScore;
        }
        Assert.Equal(MeanRealScore(DiffAugmentPolicy.None), MeanRealScore(DiffAugmentPolicy.Translation | DiffAugmentPolicy.Cutout), 6);
        Assert.NotEqual(MeanRealScore(DiffAugmentPolicy.None), MeanRealScore(DiffAugmentPolicy.All), 6);
        Assert.Throws<ArgumentException>(() => new GanTrainer(spec with { ImageShape = null }, new GanTrainingOptions { DiffAugment = DiffAugmentPolicy.Translation }));
    }

    /// <summary>out[y, x] = in[y + dy, x + dx], zero outside.</summary>
    private static Tensor Shift(Tensor image, int dy, int dx)
    {
        long h = image.shape[1], w = image.shape[2];
        var result = zeros_like(image);
        for (long y = 0; y < h; y++)
            for (long x = 0; x < w; x++)
            {
                long sy = y + dy, sx = x + dx;
                if (sy >= 0 && sy < h && sx >= 0 && sx < w) result[.., y, x] = image[.., sy, sx];
            }
        return result;
    }
}
