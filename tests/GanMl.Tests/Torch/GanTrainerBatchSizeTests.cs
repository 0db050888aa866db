using GanMl.Torch;
using Microsoft.ML;
using Xunit;

namespace GanMl.Tests.Torch;

public class GanTrainerBatchSizeTests
{
    [Fact]
    public void AOneRowBatchIsRejectedInManagedCode()
    {
        // The classic MLP generator has BatchNorm1d, which fails natively on one row.
        var spec = new GanNetworkSpec { FeatureSize = 4, LatentDimension = 4, MlpPreset = MlpPreset.Classic };
        using var trainer = new GanTrainer(spec, new GanTrainingOptions { Seed = 1 });
        var error = Assert.Throws<ArgumentException>(() => trainer.TrainBatch(new GanBatch(new float[4], null, 1)));
        Assert.Contains("at least 2 rows", error.Message);
        Assert.Equal("batch", error.ParamName);
        Assert.Equal(0, trainer.DiscriminatorSteps);
        Assert.NotNull(trainer.TrainBatch(new GanBatch(new float[8], null, 2)));
    }

    [Theory]
    [InlineData(33, new[] { 16, 16 })]     // one row left over: dropped for this epoch
    [InlineData(34, new[] { 16, 16, 2 })]
    [InlineData(16, new[] { 16 })]
    public void TheBatchReaderNeverYieldsAOneRowBatch(int rows, int[] expected)
    {
        var ml = new MLContext(seed: 1);
        var data = GanMl.Tests.MLNet.TestData.Load(ml, GanMl.Tests.MLNet.TestData.Rows(rows));
        var columns = TrainingColumns.Resolve(data.Schema, "Pixels", null, null);
        var batches = BatchReader.Read(data, columns, null, new FeatureScaler(0, 255), batchSize: 16, poolSize: 100, new Random(1)).Select(b => b.Count).ToArray();
        Assert.Equal(expected, batches);
    }
}
