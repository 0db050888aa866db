using GanMl.Tests.MLNet;
using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TorchSharp;
using Xunit;

namespace GanMl.Tests.Torch;

/// <summary>
/// The convolution-kernel check: its managed reference, the choice of path per layer shape, the fallback when a check
/// fails (proved by injecting a fault, so it runs on every machine), and the refusal to compute when nothing passes.
/// Tests that inject faults use shapes no other test builds, because decisions are cached for the process.
/// </summary>
public class ConvolutionKernelTests
{
    [Fact]
    public void TheReferenceGivesHandComputedValues()
    {
        // x = [[1, 2], [3, 4]], w = [[1, 0], [0, -1]], no padding: one output, 1·1 + 4·(−1) = −3, plus bias 0.5.
        var conv = new ConvolutionShape(false, 1, 1, 2, 1, 0, 2, 2, true);
        Assert.Equal([-2.5], ReferenceConvolution.Forward(conv, 1, [1, 2, 3, 4], [1, 0, 0, -1], [0.5]));
        // Its adjoint spreads dy = 2 back over the taps: dx = 2·w; dw = 2·x.
        Assert.Equal([2.0, 0, 0, -2], ReferenceConvolution.BackwardData(conv, 1, [2], [1, 0, 0, -1]));
        Assert.Equal([2.0, 4, 6, 8], ReferenceConvolution.BackwardWeights(conv, 1, [1, 2, 3, 4], [2]));
        // A transposed convolution of one pixel 3 with a 2×2 kernel, stride 1: the kernel times 3.
        var deconv = new ConvolutionShape(true, 1, 1, 2, 1, 0, 1, 1, false);
        Assert.Equal([3.0, 6, 9, 12], ReferenceConvolution.Forward(deconv, 1, [3], [1, 2, 3, 4], null));
    }

    public static TheoryData<bool, int, int, int, int, int> AdjointShapes => new()
    {
        { false, 3, 5, 4, 2, 1 }, { false, 2, 3, 3, 1, 1 }, { true, 3, 2, 4, 2, 1 }, { true, 4, 3, 7, 1, 0 }, { false, 5, 1, 3, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(AdjointShapes))]
    public void TheReferencePassesAreAdjointsOfEachOther(bool transposed, int inChannels, int outChannels, int kernel, int stride, int padding)
    {
        // <forward(x), dy> = <x, backward-data(dy)> and = <w, backward-weights(x, dy)>: the dot-product test.
        var shape = new ConvolutionShape(transposed, inChannels, outChannels, kernel, stride, padding, transposed ? 3 : 9, transposed ? 3 : 9, false);
        var random = new Random(3);
        double[] Values(long n) => Enumerable.Range(0, (int)n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] x = Values(2L * inChannels * shape.InputHeight * shape.InputWidth), w = Values(shape.WeightShape.Aggregate(1L, (a, d) => a * d));
        double[] dy = Values(2L * outChannels * shape.OutputHeight * shape.OutputWidth);
        double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
        double output = Dot(ReferenceConvolution.Forward(shape, 2, x, w, null), dy);
        Assert.Equal(output, Dot(x, ReferenceConvolution.BackwardData(shape, 2, dy, w)), 10);
        Assert.Equal(output, Dot(w, ReferenceConvolution.BackwardWeights(shape, 2, x, dy)), 10);
    }

    [Fact]
    public void BothPathsMatchTheReferenceOnShapesThatFillTheSimdBlocks()
    {
        // Channel counts that are multiples of 32 run on libtorch only if it passes; im2col + GEMM must pass everywhere.
        foreach (var shape in new[] { new ConvolutionShape(false, 32, 64, 4, 2, 1, 10, 10, true), new ConvolutionShape(true, 64, 32, 4, 2, 1, 5, 5, false) })
        {
            var im2col = ConvolutionCheck.Run(shape, ConvolutionPath.Im2ColGemm);
            Assert.True(im2col.Passed, $"{shape} on im2col: {im2col.Failures}");
            var decision = ConvolutionKernels.Decide(shape);
            Assert.True(decision.Check.Passed);
            if (decision.Path == ConvolutionPath.Im2ColGemm) Assert.StartsWith("libtorch's kernels failed the check", decision.Reason);
        }
    }

    [Fact]
    public void EveryDefaultDcganLayerRunsOnAPathThatPassedAndChannelPaddedLayersNeverRunOnLibTorch()
    {
        foreach (int side in new[] { 28, 32 })
        foreach (int classes in new[] { 0, 10 })
        {
            var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, side, side), FeatureSize = side * side, DcganBaseChannels = 32, ClassCount = classes };
            using var trainer = new GanTrainer(spec, new GanTrainingOptions());
            // The generator's first layer and one per upsampling; the discriminator's one per upsampling and its head.
            Assert.Equal(2 * DcganLayout.For(spec.ImageShape!).Upsamplings + 2, trainer.ConvolutionDecisions.Count);
            foreach (var decision in trainer.ConvolutionDecisions)
            {
                Assert.True(decision.Check.Passed, $"{decision.Shape}: {decision.Check.Failures}");
                if (!decision.Shape.FillsSimdBlocks) Assert.Equal(ConvolutionPath.Im2ColGemm, decision.Path);
            }
        }
    }

    [Fact]
    public void AnInjectedFaultIsCaughtAndTheLayerFallsBackToIm2ColGemm()
    {
        // 12×12 images, 32 base channels: the generator's 64→32 and the discriminator's 32→64 layers would run on libtorch.
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 12, 12), FeatureSize = 144, DcganBaseChannels = 32, LatentDimension = 5 };
        var eligible = new[] { new ConvolutionShape(true, 64, 32, 4, 2, 1, 3, 3, false), new ConvolutionShape(false, 32, 64, 4, 2, 1, 6, 6, false) };
        foreach (var shape in eligible) ConvolutionKernels.InjectFault(shape, ConvolutionPath.LibTorch);

        using var guarded = new GanTrainer(spec, new GanTrainingOptions { Seed = 8, BatchSize = 8 });
        foreach (var shape in eligible)
        {
            var decision = guarded.ConvolutionDecisions.Single(d => d.Shape == shape);
            Assert.Equal(ConvolutionPath.Im2ColGemm, decision.Path);
            Assert.Contains("forward not finite", decision.Reason);
        }

        // The fallback passed the same check against the managed reference, generates and trains.
        foreach (var decision in guarded.ConvolutionDecisions) Assert.True(decision.Check.Passed, $"{decision.Shape}: {decision.Check.Failures}");
        Assert.All(guarded.Generate(16, seed: 4), v => Assert.InRange(v, -1f, 1f));
        var random = new Random(2);
        var batch = new GanBatch(Enumerable.Range(0, 8 * 144).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), null, 8);
        for (int i = 0; i < 3; i++)
        {
            var stats = guarded.TrainBatch(batch)!.Value;
            Assert.True(double.IsFinite(stats.DiscriminatorLoss) && double.IsFinite(stats.GeneratorLoss));
        }
    }

    [Fact]
    public void WhenNoPathPassesGanMlRefusesToTrainOrGenerate()
    {
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 20, 20), FeatureSize = 400, DcganBaseChannels = 3, LatentDimension = 7 };
        var first = new ConvolutionShape(true, 7, 6, 5, 1, 0, 1, 1, false); // the generator's first layer: 20 = 5·2²
        ConvolutionKernels.InjectFault(first, ConvolutionPath.Im2ColGemm);
        var error = Assert.Throws<InvalidOperationException>(() => new GanTrainer(spec, new GanTrainingOptions()));
        Assert.Contains(first.ToString(), error.Message);
        Assert.Contains("channel counts are not multiples of 32", error.Message);
        Assert.Contains("wrong numbers", error.Message);
        // The decision is not cached as a success: the next use refuses again.
        Assert.Throws<InvalidOperationException>(() => ConvolutionKernels.Decide(first));
    }

    [Fact]
    public void FitReportsTheKernelChoiceAndWarnsAboutFaultyKernelsThroughTheMLNetChannel()
    {
        // 24×24 (= 6·2²) with 32 base channels: the generator's 64→32 layer on 6×6 is eligible for libtorch; fault it.
        var faulty = new ConvolutionShape(true, 64, 32, 4, 2, 1, 6, 6, false);
        ConvolutionKernels.InjectFault(faulty, ConvolutionPath.LibTorch);
        var ml = new MLContext(seed: 1);
        var messages = new List<(ChannelMessageKind Kind, string Text)>();
        ml.Log += (_, e) => { lock (messages) messages.Add((e.Kind, e.Message)); };
        var data = TestData.Load(ml, TestData.Rows(16, side: 24), side: 24);
        using var gan = ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 24, 24),
            DcganBaseChannels = 32, LatentDimension = 6, Epochs = 1, BatchSize = 8, Seed = 2,
        }).Fit(data);
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Info && m.Text.Contains("Convolution kernels checked against a managed reference")
            && m.Text.Contains($"{faulty}: im2col + GEMM (libtorch's kernels failed the check: forward not finite)"));
        Assert.Contains(messages, m => m.Kind == ChannelMessageKind.Warning && m.Text.Contains($"wrong results for {faulty}"));
    }

    [Fact]
    public void EachShapeIsCheckedOncePerProcess()
    {
        var shape = new ConvolutionShape(false, 3, 4, 3, 1, 1, 6, 6, true);
        var decision = ConvolutionKernels.Decide(shape);
        var spent = ConvolutionKernels.CheckTime;
        Assert.Same(decision, ConvolutionKernels.Decide(shape));
        Assert.Equal(spent, ConvolutionKernels.CheckTime);
    }

    [Fact]
    public void ALayerComputesTheSameOnBothPaths()
    {
        // Compute is what every network layer calls; the two paths must agree on a batch the check never used (odd, 5).
        using var scope = torch.NewDisposeScope();
        foreach (var shape in new[] { new ConvolutionShape(false, 3, 5, 4, 2, 1, 9, 9, true), new ConvolutionShape(true, 5, 2, 4, 2, 1, 4, 4, true) })
        {
            torch.random.manual_seed(1);
            var x = torch.randn(5, shape.InChannels, shape.InputHeight, shape.InputWidth);
            var w = torch.randn(shape.WeightShape);
            var b = torch.randn(shape.OutChannels);
            var im2col = ConvolutionKernels.Compute(ConvolutionPath.Im2ColGemm, shape, x, w, b);
            Assert.Equal([5L, shape.OutChannels, shape.OutputHeight, shape.OutputWidth], im2col.shape);
            var reference = ReferenceConvolution.Forward(shape, 5, Doubles(x), Doubles(w), Doubles(b));
            var actual = im2col.data<float>().ToArray();
            Assert.True(actual.Zip(reference, (a, r) => Math.Abs(a - r)).Max() <= 1e-4 * reference.Max(Math.Abs));
        }
    }

    private static double[] Doubles(torch.Tensor t) => t.contiguous().data<float>().ToArray().Select(v => (double)v).ToArray();
}
