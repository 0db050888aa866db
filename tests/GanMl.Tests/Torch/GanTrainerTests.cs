using GanMl.Torch;
using Xunit;

namespace GanMl.Tests.Torch;

public class GanTrainerTests
{
    private static readonly GanNetworkSpec Toy = new()
    {
        FeatureSize = 2, LatentDimension = 4, MlpPreset = MlpPreset.Minimal,
        GeneratorHiddenLayers = [32], DiscriminatorHiddenLayers = [32],
    };

    /// <summary>Real rows cluster around (0.5, -0.5) with a little spread.</summary>
    private static GanBatch ToyBatch(int count, int seed, long[]? labels = null)
    {
        var random = new Random(seed);
        var features = new float[count * 2];
        for (int i = 0; i < count; i++)
        {
            features[2 * i] = 0.5f + 0.05f * (float)(random.NextDouble() - 0.5);
            features[2 * i + 1] = -0.5f + 0.05f * (float)(random.NextDouble() - 0.5);
        }
        return new GanBatch(features, labels, count);
    }

    [Fact]
    public void DiscriminatorLearnsToSeparateAFixedRealSet()
    {
        // k = 40: only the discriminator trains, so its loss must fall from about ln 2.
        using var trainer = new GanTrainer(Toy, new GanTrainingOptions { DiscriminatorSteps = 40, LearningRate = 1e-2f, Seed = 5 });
        var batch = ToyBatch(64, 1);
        var losses = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            var epoch = trainer.TrainEpoch([batch]);
            losses.Add(epoch.Stats.DiscriminatorLoss);
        }
        Assert.InRange(losses[0], 0.5, 0.9);
        Assert.True(losses[^1] < 0.3 * losses[0], $"D loss went from {losses[0]:F3} to {losses[^1]:F3}");
        Assert.Equal(1, trainer.GeneratorSteps);
    }

    [Fact]
    public void GeneratorMovesTowardsTheRealData()
    {
        using var trainer = new GanTrainer(Toy, new GanTrainingOptions { LearningRate = 2e-3f, Seed = 2 });
        double Distance()
        {
            var rows = trainer.Generate(256, seed: 9);
            double dx = 0, dy = 0;
            for (int i = 0; i < 256; i++) { dx += rows[2 * i]; dy += rows[2 * i + 1]; }
            return Math.Sqrt(Math.Pow(dx / 256 - 0.5, 2) + Math.Pow(dy / 256 + 0.5, 2));
        }
        double before = Distance();
        for (int step = 0; step < 300; step++) trainer.TrainBatch(ToyBatch(64, step));
        double after = Distance();
        Assert.True(after < 0.5 * before && after < 0.2, $"mean generated point moved from {before:F3} to {after:F3} away from the real mean");
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndRowsOverRepeatedRunsAtTheDefaultThreadCount()
    {
        // A 4-channel conditional DCGAN: the network whose weights differed after 3 steps at 2 threads on an AVX-512 EPYC.
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 28, 28), FeatureSize = 784, LatentDimension = 8, ClassCount = 3, DcganBaseChannels = 4 };
        int defaultThreads = TorchSharp.torch.get_num_threads();
        if (Environment.ProcessorCount > 1) Assert.True(defaultThreads > 1, $"torch runs on {defaultThreads} thread(s); the test must run at the multi-threaded default");
        float[][] Run(int seed)
        {
            using var trainer = new GanTrainer(spec, new GanTrainingOptions { Seed = seed, DiffAugment = DiffAugmentPolicy.All });
            var rnd = new Random(0);
            for (int i = 0; i < 3; i++)
            {
                var x = Enumerable.Range(0, 8 * 784).Select(_ => (float)rnd.NextDouble() * 2 - 1).ToArray();
                trainer.TrainBatch(new GanBatch(x, [0, 1, 2, 0, 1, 2, 0, 1], 8));
            }
            return [Weights(trainer), trainer.Generate(5, seed: 7, labels: [0, 1, 2, 2, 1]), trainer.Discriminate(new float[2 * 784], 2, [0, 1])];
        }
        var first = Run(11);
        for (int repeat = 0; repeat < 5; repeat++)
        {
            var again = Run(11);
            Assert.Equal(first[0], again[0]);
            Assert.Equal(first[1], again[1]);
            Assert.Equal(first[2], again[2]);
        }
        Assert.NotEqual(first[0], Run(12)[0]);
        Assert.Equal(defaultThreads, TorchSharp.torch.get_num_threads()); // the single-thread scope is undone
    }

    [Fact]
    public void ResumingFromACheckpointGivesTheSameNextStep()
    {
        var options = new GanTrainingOptions { Seed = 3, DiscriminatorSteps = 2 };
        using var original = new GanTrainer(Toy, options);
        for (int i = 0; i < 5; i++) original.TrainBatch(ToyBatch(16, i));
        using var checkpoint = new MemoryStream();
        original.SaveCheckpoint(checkpoint);
        original.TrainBatch(ToyBatch(16, 5));
        original.TrainBatch(ToyBatch(16, 6));

        using var resumed = new GanTrainer(Toy, options with { Seed = 99 });
        checkpoint.Position = 0;
        resumed.LoadCheckpoint(checkpoint);
        Assert.Equal(original.GeneratorSteps - 1, resumed.GeneratorSteps);
        resumed.TrainBatch(ToyBatch(16, 5));
        resumed.TrainBatch(ToyBatch(16, 6));
        Assert.Equal(Weights(original), Weights(resumed));
        Assert.Equal(original.GeneratorSteps, resumed.GeneratorSteps);
    }

    [Fact]
    public void CorruptCheckpointGivesAClearError()
    {
        using var trainer = new GanTrainer(Toy, new GanTrainingOptions());
        using var junk = new MemoryStream([1, 2, 3, 4, 5]);
        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(junk));
    }

    [Fact]
    public void CheckpointOfAnotherNetworkGivesAClearError()
    {
        using var small = new GanTrainer(Toy, new GanTrainingOptions());
        using var checkpoint = new MemoryStream();
        small.SaveCheckpoint(checkpoint);
        using var wider = new GanTrainer(Toy with { GeneratorHiddenLayers = [48] }, new GanTrainingOptions());
        checkpoint.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => wider.LoadCheckpoint(checkpoint));
        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public void BadOptionsNameTheOption()
    {
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new GanTrainer(Toy, new GanTrainingOptions { BatchSize = 0 })).Message);
        Assert.Contains("LatentDimension", Assert.Throws<ArgumentException>(() => new GanTrainer(Toy with { LatentDimension = 0 }, new GanTrainingOptions())).Message);
        var mismatch = Assert.Throws<ArgumentException>(() => new GanTrainer(
            new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 784, ImageShape = new ImageShape(3, 28, 28) }, new GanTrainingOptions()));
        Assert.Contains("ImageShape 3x28x28", mismatch.Message);
        Assert.Contains("Dcgan", Assert.Throws<ArgumentException>(() => new GanTrainer(Toy with { Architecture = GanArchitecture.Dcgan }, new GanTrainingOptions())).Message);
        Assert.Contains("3..7", Assert.Throws<ArgumentException>(() => new GanTrainer(
            new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 36 * 36, ImageShape = new ImageShape(1, 36, 36) }, new GanTrainingOptions())).Message);
        using (new GanTrainer(new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 144, ImageShape = new ImageShape(1, 12, 12), DcganBaseChannels = 4 }, new GanTrainingOptions())) { }
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => new GanTrainer(
            new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 28 * 32, ImageShape = new ImageShape(1, 28, 32) }, new GanTrainingOptions())).Message);
    }

    [Fact]
    public void LabelsOutOfRangeAreRejected()
    {
        using var trainer = new GanTrainer(Toy with { ClassCount = 2 }, new GanTrainingOptions());
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Generate(2, 1, [0, 2]));
        Assert.Throws<ArgumentException>(() => trainer.Generate(2, 1));
    }

    internal static float[] Weights(GanTrainer trainer) =>
        trainer.Generator.parameters().Concat(trainer.Discriminator.parameters())
            .SelectMany(p => p.data<float>().ToArray()).ToArray();
}
