using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GanMl.Tests.MLNet;

public class DiscriminatorScoreTests(ITestOutputHelper output)
{
    private const int Side = 16;

    private static GanOptions Options(DiffAugmentPolicy augment) => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label", Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, Side, Side),
        DcganBaseChannels = 4, LatentDimension = 8, Epochs = 3, BatchSize = 16, Seed = 3, DiffAugment = augment,
        // Only the discriminator trains: G stays at its initialisation, so D can tell its rows from real ones.
        DiscriminatorSteps = 1000, LearningRate = 1e-3f,
        Loss = GanLoss.NonSaturating, // a probability-trained D, whose score the test reads as one
    };

    [Theory]
    [InlineData(DiffAugmentPolicy.None)]
    [InlineData(DiffAugmentPolicy.All)]
    public void RealRowsScoreHigherThanRowsOfAnUntrainedGenerator(DiffAugmentPolicy augment)
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(48, side: Side), side: Side);
        using var gan = ml.Transforms.TrainGan(Options(augment)).Fit(data);
        Assert.Equal(0, gan.Trainer.GeneratorSteps);
        Assert.True(gan.History[^1].MeanRealScore > gan.History[^1].MeanFakeScore, "in training D tells real from fake");

        float[] Scores(IDataView view) => gan.Transform(view).GetColumn<float>(GanTransformer.ScoreColumnName).ToArray();
        var real = Scores(data);
        var fake = Scores(gan.Generate(48, seed: 5));
        output.WriteLine($"{augment}: mean D(real) {real.Average():F3}, mean D(fake) {fake.Average():F3}; training {gan.History[^1].MeanRealScore:F3} / {gan.History[^1].MeanFakeScore:F3}");
        Assert.True(real.Average() > fake.Average() + 0.1, $"mean D(real) {real.Average():F3} should clearly exceed mean D(G(z)) {fake.Average():F3}");
        Assert.True(real.Min() > fake.Max(), $"every real row should outscore every generated row: min real {real.Min():F3}, max fake {fake.Max():F3}");

        // Deterministic, and scoring leaves the BatchNorm running statistics alone.
        Assert.Equal(real, Scores(data));
        Assert.Equal(fake, Scores(gan.Generate(48, seed: 5)));

        // Candidate selection scores the same way: 4 candidates per row are the rows of a plain 16-per-class draw, batched alike.
        var all = gan.GeneratePerClass([16, 16, 16], seed: 9);
        var allScores = Scores(all);
        var pixels = all.GetColumn<float[]>("Pixels").ToArray();
        var expected = Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(c * 16, 16).OrderByDescending(i => allScores[i]).Take(4).Order()).Select(i => pixels[i]).ToArray();
        var selected = gan.GeneratePerClass([4, 4, 4], seed: 9, candidatesPerRow: 4).GetColumn<float[]>("Pixels").ToArray();
        Assert.Equal(expected, selected);
    }
}
