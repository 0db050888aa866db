using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanFidMonitorCheckpointTests
{
    private static GanOptions Options(GanFidMonitor monitor, Action<GanEpochRecord, GanTransformer>? epochEnd = null) => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label", MlpPreset = MlpPreset.Minimal, LatentDimension = 8,
        Epochs = 5, BatchSize = 16, Seed = 4, FidMonitor = monitor, EpochEnd = epochEnd,
        LearningRate = 2e-3f, // with these settings FID is lowest at epoch 2 of 5
    };

    [Fact]
    public void TheBestEpochsWholeCheckpointIsKeptNotOnlyItsGenerator()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(60));
        var monitor = new GanFidMonitor { Fid = new FidOptions { FeatureColumnName = "Pixels" }, EveryEpochs = 1, SampleCount = 60, Seed = 5 };
        var scores = new List<float[]>();
        var rows = new List<float[]>();
        using var gan = ml.Transforms.TrainGan(Options(monitor, (record, view) =>
        {
            scores.Add(view.Transform(data).GetColumn<float>(GanTransformer.ScoreColumnName).ToArray());
            rows.Add(Pixels(view.Generate(8, seed: 3)));
        })).Fit(data);

        int best = gan.History.MinBy(h => h.Fid!.Value)!.Epoch;
        Assert.True(best < gan.History.Count, $"the test needs a best epoch before the last one (best {best})");
        // The discriminator (which DiscriminatorScore and candidate selection use) is the best epoch's too, not the last one's.
        Assert.Equal(scores[best - 1], gan.Transform(data).GetColumn<float>(GanTransformer.ScoreColumnName).ToArray());
        Assert.NotEqual(scores[^1], scores[best - 1]);
        Assert.Equal(rows[best - 1], Pixels(gan.Generate(8, seed: 3)));

        // Save writes that matched pair: the loaded discriminator scores the same.
        string path = Path.Combine(Path.GetTempPath(), $"gan-{Guid.NewGuid():N}.zip");
        try
        {
            gan.Save(path);
            using var again = GanTransformer.Load(ml, path);
            Assert.Equal(scores[best - 1], again.Transform(data).GetColumn<float>(GanTransformer.ScoreColumnName).ToArray());
            Assert.Equal(gan.History, again.History);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void KidIsRecordedInTheHistoryWhenComputed()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(60));
        var fid = new FidOptions { FeatureColumnName = "Pixels", ComputeKid = true, KidSubsets = 5, KidSubsetSize = 30 };
        var monitor = new GanFidMonitor { Fid = fid, EveryEpochs = 2, SampleCount = 60, Seed = 5, KeepBestGenerator = false };
        using var gan = ml.Transforms.TrainGan(Options(monitor) with { Epochs = 3 }).Fit(data);

        Assert.Equal(new[] { false, true, true }, gan.History.Select(h => h.Kid.HasValue));
        Assert.Equal(gan.History.Select(h => h.Fid.HasValue), gan.History.Select(h => h.Kid.HasValue));
        using var reference = ml.Transforms.Fid(fid).Fit(data);
        var now = reference.Evaluate(gan.Generate(60, seed: 5));
        Assert.Equal(now.Kid!.Value, gan.History[^1].Kid!.Value, 9);
        Assert.Equal(now.Fid, gan.History[^1].Fid!.Value, 6);

        // Without KID the record keeps the old shape: Kid stays null.
        using var plain = ml.Transforms.TrainGan(Options(monitor with { Fid = new FidOptions { FeatureColumnName = "Pixels" } }) with { Epochs = 2 }).Fit(data);
        Assert.All(plain.History, h => Assert.Null(h.Kid));
        Assert.NotNull(plain.History[^1].Fid);
    }

    private static float[] Pixels(IDataView view) => view.GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();
}
