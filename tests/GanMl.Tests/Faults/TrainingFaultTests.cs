using GanMl.Tests.Imaging;
using GanMl.Tests.MLNet;
using GanMl.Torch;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Faults;

/// <summary>Divergence, cancellation and concurrent generation.</summary>
public class TrainingFaultTests
{
    private static GanOptions Small(string? label = "Label") => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = label, MlpPreset = MlpPreset.Minimal, LatentDimension = 8,
        Epochs = 3, BatchSize = 10, Seed = 4,
    };

    [Fact]
    public void ANonFiniteLossIsRefusedBeforeTheStepAndTheWeightsAndBatchNormStatisticsStay()
    {
        // A DCGAN has BatchNorm in both networks, whose running statistics a NaN forward pass would also spoil.
        var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, FeatureSize = 144, ImageShape = new ImageShape(1, 12, 12), LatentDimension = 4, ClassCount = 2, DcganBaseChannels = 4 };
        using var trainer = new GanTrainer(spec, new GanTrainingOptions { BatchSize = 4, Seed = 3 });
        var random = new Random(1);
        var good = new GanBatch(Enumerable.Range(0, 4 * 144).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(), [0, 1, 0, 1], 4);
        trainer.TrainBatch(good);
        var probe = good.Features.ToArray();
        var generated = trainer.Generate(6, seed: 5, labels: [0, 1, 0, 1, 0, 1]);
        var scores = trainer.Discriminate(probe, 4, [0, 1, 0, 1]);

        var poisoned = good with { Features = good.Features.ToArray() };
        poisoned.Features[17] = float.NaN;
        var error = Assert.Throws<GanDivergedException>(() => trainer.TrainBatch(poisoned));
        Assert.IsAssignableFrom<InvalidOperationException>(error);
        Assert.Equal((1, 2L, "discriminator"), (error.Epoch, error.Step, error.Network));
        Assert.Contains("epoch 1 at step 2", error.Message);
        Assert.Contains("discriminator loss is NaN", error.Message);
        Assert.Contains("LearningRate", error.Message);

        Assert.Equal(1, trainer.DiscriminatorSteps);
        Assert.Equal(generated, trainer.Generate(6, seed: 5, labels: [0, 1, 0, 1, 0, 1]));
        Assert.Equal(scores, trainer.Discriminate(probe, 4, [0, 1, 0, 1]));
        // Training goes on from the kept weights.
        Assert.True(trainer.TrainBatch(good) is { } next && double.IsFinite(next.DiscriminatorLoss) && double.IsFinite(next.GeneratorLoss));
    }

    [Fact]
    public void AHugeLearningRateStopsFitWithTheEpochAndStep()
    {
        var ml = new MLContext(seed: 1);
        var options = Small() with { LearningRate = 1e30f };
        var error = Assert.Throws<GanDivergedException>(() => ml.Transforms.TrainGan(options).Fit(TestData.Load(ml, TestData.Rows(40))));
        Assert.Contains($"epoch {error.Epoch} at step {error.Step}", error.Message);
        Assert.Equal(1, error.Epoch);
        Assert.Contains("1E+30", error.Message);
    }

    [Fact]
    public void DivergenceInALaterEpochKeepsTheModelSavedAtTheLastEpochEnd()
    {
        using var tmp = new TempFolder();
        var ml = new MLContext(seed: 1);
        // The scan and epoch 1 read clean rows; epoch 2 (the third pass) meets a NaN.
        var data = new PoisonedOnPass(TestData.Load(ml, TestData.Rows(40)), "Pixels", pass: 3);
        var saved = tmp.File("epoch.ganml");
        var epochs = new List<int>();
        var options = Small() with
        {
            EpochEnd = (record, gan) => { epochs.Add(record.Epoch); gan.Save(saved); },
        };
        var error = Assert.Throws<GanDivergedException>(() => ml.Transforms.TrainGan(options).Fit(data));
        Assert.Equal(2, error.Epoch);
        // 40 rows in batches of 10: epoch 2 holds steps 5..8, and the shuffle decides which batch has the NaN row.
        Assert.InRange(error.Step, 5, 8);
        Assert.Contains($"epoch 2 at step {error.Step}", error.Message);
        Assert.Equal(1, Assert.Single(epochs));
        using var kept = GanTransformer.Load(ml, saved);
        Assert.Single(kept.History);
        Assert.All(kept.Generate(20, seed: 1).GetColumn<float[]>("Pixels").SelectMany(p => p), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void CancellingTheTokenFromTheFirstStepReportStopsBeforeTheNextBatch()
    {
        var ml = new MLContext(seed: 1);
        using var cts = new CancellationTokenSource();
        var steps = new List<GanProgress>();
        var options = Small() with { CancellationToken = cts.Token, Progress = new Callback(p => { steps.Add(p); cts.Cancel(); }) };
        var error = Assert.ThrowsAny<OperationCanceledException>(() => ml.Transforms.TrainGan(options).Fit(TestData.Load(ml, TestData.Rows(60))));
        Assert.Contains("CancellationToken", error.Message);
        Assert.Contains("before batch 2 of epoch 1", error.Message);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Single(steps);
        Assert.False(steps[0].IsEpochEnd);
    }

    [Fact]
    public void CancelExecutionFromTheFirstStepReportStopsBeforeTheNextBatch()
    {
        var ml = new MLContext(seed: 1);
        var steps = new List<GanProgress>();
        var options = Small() with { Progress = new Callback(p => { steps.Add(p); CancelExecution(ml); }) };
        var error = Assert.ThrowsAny<OperationCanceledException>(() => ml.Transforms.TrainGan(options).Fit(TestData.Load(ml, TestData.Rows(60))));
        Assert.Contains("MLContext.CancelExecution()", error.Message);
        Assert.Contains("before batch 2 of epoch 1", error.Message);
        Assert.Single(steps);
    }

    [Fact]
    public void EightThreadsGenerateTheSameRowsAsSequentialCalls()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(Small() with { Epochs = 1 }).Fit(TestData.Load(ml, TestData.Rows(30)));
        float[][] Rows(int seed) => gan.Generate(40, seed: seed).GetColumn<float[]>("Pixels").ToArray();
        string[] Labels(int seed) => gan.Generate(40, seed: seed).GetColumn<string>("Label").ToArray();
        var sequential = Enumerable.Range(0, 8).Select(i => (Rows(i), Labels(i))).ToArray();

        var parallel = new (float[][], string[])[8];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (int repeat = 0; repeat < 3; repeat++) parallel[i] = (Rows(i), Labels(i));
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a Generate call hung");
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(sequential[i].Item2, parallel[i].Item2);
            Assert.Equal(sequential[i].Item1.Length, parallel[i].Item1.Length);
            for (int r = 0; r < sequential[i].Item1.Length; r++) Assert.Equal(sequential[i].Item1[r], parallel[i].Item1[r]);
        }
        Assert.NotEqual(sequential[0].Item1[0], sequential[1].Item1[0]);
    }

    /// <summary>MLContext.CancelExecution is internal to ML.NET (AutoML calls it through InternalsVisibleTo when an experiment's time runs out).</summary>
    private static void CancelExecution(MLContext ml) =>
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(ml, null);

    /// <summary>Synchronous progress: <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class Callback(Action<GanProgress> report) : IProgress<GanProgress>
    {
        public void Report(GanProgress value)
        {
            if (!value.IsEpochEnd) report(value);
        }
    }

    /// <summary>Passes rows through, except that on the given cursor pass the first row's first feature is NaN.</summary>
    private sealed class PoisonedOnPass(IDataView source, string column, int pass) : IDataView
    {
        private int _passes;

        public bool CanShuffle => false;
        public DataViewSchema Schema => source.Schema;
        public long? GetRowCount() => source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(source.GetRowCursor(columnsNeeded), column, ++_passes == pass);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor(DataViewRowCursor inner, string column, bool poison) : DataViewRowCursor
        {
            public override long Position => inner.Position;
            public override long Batch => inner.Batch;
            public override DataViewSchema Schema => inner.Schema;
            public override bool MoveNext() => inner.MoveNext();
            public override bool IsColumnActive(DataViewSchema.Column c) => inner.IsColumnActive(c);
            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column c)
            {
                var getter = inner.GetGetter<TValue>(c);
                if (!poison || c.Name != column) return getter;
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                {
                    ((ValueGetter<VBuffer<float>>)(Delegate)getter)(ref value);
                    if (inner.Position != 0) return;
                    var dense = value.DenseValues().ToArray();
                    dense[0] = float.NaN;
                    value = new VBuffer<float>(dense.Length, dense);
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
