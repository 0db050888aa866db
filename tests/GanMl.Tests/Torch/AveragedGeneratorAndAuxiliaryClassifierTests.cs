using GanMl.Torch;
using Xunit;
using static TorchSharp.torch;

namespace GanMl.Tests.Torch;

public class AveragedGeneratorAndAuxiliaryClassifierTests
{
    private static readonly GanNetworkSpec AcSpec = new()
    {
        Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 12, 12), FeatureSize = 144, LatentDimension = 8,
        ClassCount = 3, DcganBaseChannels = 4, AuxiliaryClassifier = true,
    };

    private static GanBatch Batch(int count, int seed, Func<int, long> label)
    {
        var rnd = new Random(seed);
        return new GanBatch(Enumerable.Range(0, count * 144).Select(_ => (float)rnd.NextDouble() * 2 - 1).ToArray(),
            Enumerable.Range(0, count).Select(label).ToArray(), count);
    }

    [Fact]
    public void AuxiliaryClassifierDiscriminatorPredictsEveryClassAndIgnoresInputLabels()
    {
        using var d = GanNetworkFactory.CreateDiscriminator(AcSpec, seed: 1);
        d.eval();
        using var x = randn(5, 144);
        var (logits, classes) = d.ForwardWithClasses(x, null);
        Assert.Equal([5L], logits.shape);
        Assert.Equal([5L, 3L], classes!.shape);
        Assert.False(d.TakesLabels);
        using var labels = tensor(new long[] { 0, 1, 2, 0, 1 });
        Assert.Equal(logits.data<float>().ToArray(), d.forward(x, labels).data<float>().ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnlabelledRowsTrainBothKindsOfConditionalDiscriminator(bool auxiliaryClassifier)
    {
        var spec = AcSpec with { AuxiliaryClassifier = auxiliaryClassifier };
        using var trainer = new GanTrainer(spec, new GanTrainingOptions { Seed = 2 });
        var mixed = Batch(8, 1, i => i % 2 == 0 ? -1 : i % 3);
        var before = GanTrainerTests.Weights(trainer);
        trainer.TrainBatch(mixed);
        Assert.NotEqual(before, GanTrainerTests.Weights(trainer));
        trainer.TrainBatch(Batch(8, 2, _ => -1)); // a batch with no label at all
        Assert.All(GanTrainerTests.Weights(trainer), w => Assert.True(float.IsFinite(w)));
        Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch(Batch(8, 3, _ => -2))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Generate(2, 1, [0, -1])); // generation needs real classes
    }

    [Fact]
    public void AnUnlabelledRowReachesTheInputConditionedDiscriminatorUnderItsNoLabelEmbedding()
    {
        // Only the "no label" row (index ClassCount) of D's embedding gets a gradient from an all-unlabelled D step.
        var spec = AcSpec with { AuxiliaryClassifier = false };
        using var trainer = new GanTrainer(spec, new GanTrainingOptions { Seed = 3, DiscriminatorSteps = 2 });
        var embedding = trainer.Discriminator.named_parameters().Single(p => p.name.Contains("Embedding", StringComparison.OrdinalIgnoreCase)).parameter;
        Assert.Equal(spec.ClassCount + 1, embedding.shape[0]);
        var before = embedding.data<float>().ToArray();
        trainer.TrainBatch(Batch(8, 4, _ => -1)); // one D step, no G step (k = 2)
        var after = embedding.data<float>().ToArray();
        int width = (int)embedding.shape[1];
        for (int row = 0; row <= spec.ClassCount; row++)
        {
            bool changed = Enumerable.Range(row * width, width).Any(i => before[i] != after[i]);
            Assert.Equal(row == spec.ClassCount, changed);
        }
    }

    [Fact]
    public void AuxiliaryClassifierNeedsAConditionalDcgan()
    {
        Assert.Contains("AuxiliaryClassifier", Assert.Throws<ArgumentException>(() => (AcSpec with { ClassCount = 0 }).Validate()).Message);
        Assert.Contains("AuxiliaryClassifier", Assert.Throws<ArgumentException>(() => new GanNetworkSpec { FeatureSize = 4, ClassCount = 2, AuxiliaryClassifier = true }.Validate()).Message);
    }

    [Fact]
    public void TheAveragedGeneratorMakesTheRowsAndLagsBehindTheTrainedOne()
    {
        var options = new GanTrainingOptions { Seed = 4, GeneratorEmaDecay = 0.99f, LearningRate = 1e-2f };
        using var averaged = new GanTrainer(AcSpec, options);
        using var plain = new GanTrainer(AcSpec, options with { GeneratorEmaDecay = 0 });
        long[] labels = [0, 1, 2, 0];
        // (No "same start" check: the average measures its own BatchNorm statistics, G starts from 0 and 1.)
        for (int i = 0; i < 20; i++)
        {
            var batch = Batch(8, i, j => j % 3);
            averaged.TrainBatch(batch);
            plain.TrainBatch(batch);
        }
        // Both trained the same G; only the averaged one generates from a moving average of it.
        Assert.Equal(GanTrainerTests.Weights(plain), GanTrainerTests.Weights(averaged));
        var fromAverage = averaged.Generate(4, 9, labels);
        var fromLast = plain.Generate(4, 9, labels);
        Assert.NotEqual(fromLast, fromAverage);
        Assert.All(fromAverage, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void TheAveragedGeneratorMeasuresItsOwnBatchNormStatisticsDeterministically()
    {
        using var trainer = new GanTrainer(AcSpec, new GanTrainingOptions { Seed = 6, GeneratorEmaDecay = 0.9f });
        Assert.Equal(2, trainer.AveragedNormalizationLayers); // the DCGAN generator's BatchNorm2d layers
        for (int i = 0; i < 3; i++) trainer.TrainBatch(Batch(8, i, j => j % 3));
        var first = trainer.Generate(6, 1, [0, 1, 2, 0, 1, 2]);
        Assert.Equal(first, trainer.Generate(6, 1, [0, 1, 2, 0, 1, 2]));
        trainer.TrainBatch(Batch(8, 9, j => j % 3));
        Assert.NotEqual(first, trainer.Generate(6, 1, [0, 1, 2, 0, 1, 2])); // a step makes the statistics stale again
    }

    [Fact]
    public void CheckpointsKeepTheAverageAndVersionOneCheckpointsStillLoad()
    {
        var options = new GanTrainingOptions { Seed = 5, GeneratorEmaDecay = 0.9f };
        using var original = new GanTrainer(AcSpec, options);
        for (int i = 0; i < 4; i++) original.TrainBatch(Batch(6, i, j => j % 3));
        using var stream = new MemoryStream();
        original.SaveCheckpoint(stream);
        using var resumed = new GanTrainer(AcSpec, options with { Seed = 77 });
        stream.Position = 0;
        resumed.LoadCheckpoint(stream);
        Assert.Equal(original.Generate(5, 3, [0, 1, 2, 1, 0]), resumed.Generate(5, 3, [0, 1, 2, 1, 0]));

        using var withoutAverage = new GanTrainer(AcSpec, options with { GeneratorEmaDecay = 0 });
        stream.Position = 0;
        Assert.Contains("GeneratorEmaDecay", Assert.Throws<InvalidDataException>(() => withoutAverage.LoadCheckpoint(stream)).Message);
    }
}

public class HingeLossTests
{
    [Fact]
    public void TheHingeDiscriminatorLossFallsToZeroOnceDSeparatesByTheMargin()
    {
        // A 2-feature MLP GAN: train D alone (k large) on a fixed real set; the hinge loss must fall to 0, not just towards it.
        var spec = new GanNetworkSpec { FeatureSize = 2, LatentDimension = 4, MlpPreset = MlpPreset.Minimal, GeneratorHiddenLayers = [16], DiscriminatorHiddenLayers = [16] };
        using var trainer = new GanTrainer(spec, new GanTrainingOptions { Loss = GanLoss.Hinge, DiscriminatorSteps = 1000, LearningRate = 1e-2f, Seed = 1 });
        var batch = new GanBatch(Enumerable.Range(0, 64).SelectMany(_ => new[] { 0.9f, -0.9f }).ToArray(), null, 64);
        double first = 0, last = 0;
        for (int i = 0; i < 300; i++)
        {
            trainer.TrainBatch(batch);
            var loss = trainer.TrainEpoch([batch]).Stats.DiscriminatorLoss;
            if (i == 0) first = loss;
            last = loss;
        }
        Assert.InRange(first, 0.5, 1.5); // about 1 for logits near 0
        Assert.Equal(0, last, 3);
    }
}
