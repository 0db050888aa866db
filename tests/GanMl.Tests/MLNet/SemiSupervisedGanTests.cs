using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Runtime;
using Xunit;

namespace GanMl.Tests.MLNet;

/// <summary>
/// The semi-supervised GAN classifier through ML.NET: its output columns, unlabelled rows, errors, cancellation,
/// determinism, the best epoch, persistence, ONNX export and the discriminator featurizer. Small networks on the
/// 8×8 bar images of <see cref="TestData"/>, a few steps each.
/// </summary>
public class SemiSupervisedGanTests
{
    /// <summary>A quick run: 3 epochs of 6 steps, batch 12.</summary>
    private static SemiSupervisedGanOptions Small(int seed = 3) => new()
    {
        FeatureColumnName = "Pixels", Epochs = 3, MinStepsPerEpoch = 6, BatchSize = 12, Seed = seed, LatentDimension = 8,
    };

    /// <summary>60 rows, 20 per class; rows from <paramref name="unlabelledFrom"/> on have an empty label (unlabelled).</summary>
    private static IDataView Data(MLContext ml, int unlabelledFrom = 30, int count = 60, int seed = 0) =>
        TestData.Load(ml, TestData.Rows(count, seed: seed).Select((r, i) => i >= unlabelledFrom ? new TestData.Row { Pixels = r.Pixels, Label = "" } : r));

    private static IEstimator<ITransformer> Pipeline(MLContext ml, SemiSupervisedGanOptions options, out SemiSupervisedGanTrainer trainer)
    {
        trainer = ml.MulticlassClassification.Trainers.SemiSupervisedGan(options);
        return ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer);
    }

    [Fact]
    public void OutputsMLNetMulticlassColumnsThatEvaluateMapBackAndPredict()
    {
        var ml = new MLContext(seed: 1);
        var model = Pipeline(ml, Small(), out var trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel")).Fit(Data(ml));
        var scored = model.Transform(TestData.Load(ml, TestData.Rows(30, seed: 7)));

        var score = scored.Schema["Score"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), score.Type);
        var predicted = scored.Schema["PredictedLabel"];
        Assert.Equal(new KeyDataViewType(typeof(uint), 3), predicted.Type);
        VBuffer<ReadOnlyMemory<char>> labelValues = default, predictedValues = default;
        scored.Schema["Label"].GetKeyValues(ref labelValues);
        predicted.GetKeyValues(ref predictedValues);
        Assert.Equal(labelValues.DenseValues().Select(v => v.ToString()), predictedValues.DenseValues().Select(v => v.ToString()));

        Assert.All(scored.GetColumn<float[]>("Score"), s => Assert.Equal(1f, s.Sum(), 4));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        // The bars are separable by one pixel row: even a 3-epoch classifier gets most of them.
        Assert.True(metrics.MicroAccuracy > 0.8, $"accuracy {metrics.MicroAccuracy}");
        Assert.All(scored.GetColumn<string>("PredictedText"), p => Assert.Contains(p, TestData.Classes));

        var engine = ml.Model.CreatePredictionEngine<TestData.Row, Prediction>(model);
        var prediction = engine.Predict(TestData.Rows(3, seed: 9)[1]);
        Assert.Equal(TestData.Rows(3, seed: 9)[1].Label, prediction.PredictedText);
        Assert.Equal(3, prediction.Score.Length);
        Assert.NotNull(trainer.LastModel);
    }

    [Fact]
    public void RowsWithAnEmptyLabelTrainAsUnlabelledRowsAndEveryRowTeachesRealism()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info) lock (messages) messages.Add(e.Message); };
        Pipeline(ml, Small() with { ValidationFraction = 0.2 }, out var trainer).Fit(Data(ml, unlabelledFrom: 30, count: 90));
        // 30 labelled rows (10 per class): 2 per class held out; 60 unlabelled.
        Assert.Contains(messages, m => m.Contains("24 labelled rows for training, 6 held out, 60 unlabelled, 3 classes"));
        Assert.All(trainer.LastModel!.History, e => Assert.True(e.UnsupervisedLoss > 0 && e.FeatureMatchingLoss >= 0));
    }

    [Fact]
    public void WithEveryRowLabelledTheDefaultIsTheSupervisedNetworkAndTheGanTermIsOptIn()
    {
        float[][] Scores(SemiSupervisedGanOptions options, out SemiSupervisedGanTrainer trainer, List<string>? messages = null)
        {
            var ml = new MLContext(seed: 1);
            if (messages is not null) ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info) lock (messages) messages.Add(e.Message); };
            var model = Pipeline(ml, options, out trainer).Fit(Data(ml, unlabelledFrom: 60));
            return model.Transform(TestData.Load(ml, TestData.Rows(12, seed: 4))).GetColumn<float[]>("Score").ToArray();
        }
        var messages = new List<string>();
        var byDefault = Scores(Small(), out var defaultTrainer, messages);
        Assert.Contains(messages, m => m.Contains("0 unlabelled") && m.Contains("the GAN term is off"));
        Assert.All(defaultTrainer.LastModel!.History, e => Assert.Equal(0f, e.UnsupervisedLoss));
        // The default with no unlabelled rows is exactly the network trained on labelled rows alone.
        Assert.Equal(Scores(Small() with { UnsupervisedWeight = 0 }, out _), byDefault);

        var withGan = Scores(Small() with { UnsupervisedWeight = 1 }, out var ganTrainer);
        Assert.All(ganTrainer.LastModel!.History, e => Assert.True(e.UnsupervisedLoss > 0));
        Assert.NotEqual(byDefault, withGan);
    }

    [Fact]
    public void TheBestValidatedEpochIsKeptAndEarlyStoppingEndsTheRun()
    {
        var ml = new MLContext(seed: 1);
        Pipeline(ml, Small() with { Epochs = 6 }, out var trainer).Fit(Data(ml));
        var model = trainer.LastModel!;
        Assert.Equal(6, model.History.Count);
        var best = model.History.Max(e => e.ValidationAccuracy!.Value);
        Assert.Equal(model.History.Last(e => e.ValidationAccuracy == best).Epoch, model.BestEpoch);

        Pipeline(ml, Small() with { Epochs = 6, ValidationFraction = 0 }, out var unvalidated).Fit(Data(ml));
        Assert.Equal(6, unvalidated.LastModel!.BestEpoch);
        Assert.All(unvalidated.LastModel.History, e => Assert.Null(e.ValidationAccuracy));

        Pipeline(ml, Small() with { Epochs = 30, EarlyStoppingPatience = 1 }, out var stopped).Fit(Data(ml));
        var history = stopped.LastModel!.History;
        Assert.True(history.Count < 30, "patience 1 stops at the first epoch that is not better");
        Assert.True(history[^1].ValidationAccuracy <= history.Take(history.Count - 1).Max(e => e.ValidationAccuracy));
    }

    [Fact]
    public void TheSameSeedGivesTheSameScoresOnEveryRun()
    {
        float[][] Scores()
        {
            var ml = new MLContext(seed: 1);
            var model = Pipeline(ml, Small(seed: 5), out _).Fit(Data(ml));
            return model.Transform(TestData.Load(ml, TestData.Rows(12, seed: 4))).GetColumn<float[]>("Score").ToArray();
        }
        var first = Scores();
        for (int run = 2; run <= 3; run++) Assert.Equal(first, Scores());
        var ml2 = new MLContext(seed: 1);
        var other = Pipeline(ml2, Small(seed: 6), out _).Fit(Data(ml2)).Transform(TestData.Load(ml2, TestData.Rows(12, seed: 4))).GetColumn<float[]>("Score").ToArray();
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void TheFittedModelSavesAndLoadsThroughMLNet()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        var model = Pipeline(ml, Small(), out _).Fit(data);
        var test = TestData.Load(ml, TestData.Rows(9, seed: 2));
        string path = Path.Combine(Path.GetTempPath(), $"ganml-ssl-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext(seed: 2).Model.Load(path, out var schema);
            Assert.Equal(data.Schema["Pixels"].Type, schema["Pixels"].Type);
            Assert.Equal(model.Transform(test).GetColumn<float[]>("Score").ToArray(), loaded.Transform(test).GetColumn<float[]>("Score").ToArray());
            Assert.Equal(model.Transform(test).GetColumn<uint>("PredictedLabel").ToArray(), loaded.Transform(test).GetColumn<uint>("PredictedLabel").ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheExportedOnnxModelGivesThePipelinesScores()
    {
        var ml = new MLContext(seed: 1);
        var model = Pipeline(ml, Small(), out var trainer).Fit(Data(ml));
        var rows = TestData.Rows(7, seed: 3);
        var expected = model.Transform(TestData.Load(ml, rows)).GetColumn<float[]>("Score").ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"ganml-ssl-{Guid.NewGuid():N}.onnx");
        try
        {
            trainer.LastModel!.ExportOnnx(path);
            using var session = new InferenceSession(path);
            var input = new DenseTensor<float>(rows.SelectMany(r => r.Pixels).ToArray(), [rows.Count, 64]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(SemiSupervisedGanModel.OnnxInputName, input)]);
            var scores = results.Single(r => r.Name == SemiSupervisedGanModel.OnnxScoresName).AsTensor<float>().ToArray();
            for (int i = 0; i < rows.Count; i++)
                for (int k = 0; k < 3; k++) Assert.Equal(expected[i][k], scores[i * 3 + k], 5);
            var features = results.Single(r => r.Name == SemiSupervisedGanModel.OnnxFeaturesName).AsTensor<float>();
            Assert.Equal([rows.Count, (int)trainer.LastModel.DiscriminatorFeatureCount], features.Dimensions.ToArray());
            Assert.Contains("Sneaker", session.ModelMetadata.CustomMetadataMap["ganml.class_names"]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void DiscriminatorFeaturesFeedAnyMLNetTrainer()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        Pipeline(ml, Small(), out var trainer).Fit(data);
        var featurizer = ml.Transforms.DiscriminatorFeatures(trainer.LastModel!);
        var labelled = TestData.Load(ml, TestData.Rows(30));
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(featurizer)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "DiscriminatorFeatures")).Fit(labelled);
        var scored = model.Transform(TestData.Load(ml, TestData.Rows(30, seed: 5)));
        Assert.Equal(trainer.LastModel!.DiscriminatorFeatureCount, ((VectorDataViewType)scored.Schema["DiscriminatorFeatures"].Type).Size);
        Assert.True(ml.MulticlassClassification.Evaluate(scored).MicroAccuracy > 0.8);
    }

    [Fact]
    public void ImagesTrainTheConvolutionalClassifier()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(48, side: 8), side: 8);
        var model = Pipeline(ml, Small() with { ImageShape = new ImageShape(1, 8, 8), Convolutional = true, ConvolutionChannels = 8 }, out var trainer).Fit(data);
        Assert.Equal(8, (int)trainer.LastModel!.Network.Image!.Value.Height);
        var scored = model.Transform(data);
        Assert.Equal(48, scored.GetColumn<float[]>("Score").Count());
    }

    [Fact]
    public void BadInputGetsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        // A label that is not a key.
        var notKey = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SemiSupervisedGan(Small()).Fit(data));
        Assert.Contains("'Label' has type String; expected a key type", notKey.Message);
        Assert.Contains("MapValueToKey", notKey.Message);
        // No labelled row at all.
        var none = Assert.Throws<InvalidOperationException>(() => Pipeline(ml, Small(), out _).Fit(Data(ml, unlabelledFrom: 0)));
        Assert.Contains("no labelled rows", none.Message);
        // Labelled rows of one class only.
        var oneClass = TestData.Load(ml, TestData.Rows(30).Select((r, i) => i % 3 == 0 ? r : new TestData.Row { Pixels = r.Pixels, Label = i < 15 ? "" : "Bag" }));
        var single = Assert.Throws<InvalidOperationException>(() => Pipeline(ml, Small(), out _).Fit(TestData.Load(ml, TestData.Rows(30).Select(r => new TestData.Row { Pixels = r.Pixels, Label = r.Label == "Bag" ? "Bag" : "" }))));
        Assert.Contains("labelled rows of 1 class only (Bag)", single.Message);
        // A NaN feature.
        var rows = TestData.Rows(30);
        rows[4].Pixels[7] = float.NaN;
        var nan = Assert.Throws<InvalidOperationException>(() => Pipeline(ml, Small(), out _).Fit(TestData.Load(ml, rows)));
        Assert.Contains("'Pixels' holds NaN at row 4, slot 7", nan.Message);
        // A feature column that is missing, and options out of range.
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => Pipeline(ml, Small() with { FeatureColumnName = "Image" }, out _).Fit(data));
        Assert.Contains("'Image' was not found", missing.Message);
        Assert.Contains("ValidationFraction", Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SemiSupervisedGan(Small() with { ValidationFraction = 1 })).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SemiSupervisedGan(Small() with { BatchSize = 1 })).Message);
        Assert.Contains("UnsupervisedWeight must be a finite number ≥ 0", Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SemiSupervisedGan(Small() with { UnsupervisedWeight = -1 })).Message);
        var shape = Assert.Throws<ArgumentException>(() => Pipeline(ml, Small() with { ImageShape = new ImageShape(1, 28, 28) }, out _).Fit(data));
        Assert.Contains("1x28x28 holds 784 values but feature column 'Pixels' has 64", shape.Message);
        GC.KeepAlive(oneClass);
    }

    [Fact]
    public void CancellationStopsFitThroughTheTokenAndTheMLContext()
    {
        var ml = new MLContext(seed: 1);
        using var source = new CancellationTokenSource();
        var steps = 0;
        var options = Small() with
        {
            Epochs = 50, CancellationToken = source.Token,
            Progress = new SynchronousProgress<SemiSupervisedGanProgress>(p => { if (!p.IsEpochEnd && ++steps == 4) source.Cancel(); }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(ml, options, out _).Fit(Data(ml)));
        Assert.Equal(4, steps);

        var context = new MLContext(seed: 1);
        var epochs = 0;
        var cancelling = Small() with { Epochs = 50, Progress = new SynchronousProgress<SemiSupervisedGanProgress>(p => { if (p.IsEpochEnd && ++epochs == 2) CancelExecution(context); }) };
        Assert.ThrowsAny<OperationCanceledException>(() => Pipeline(context, cancelling, out _).Fit(Data(context)));
        Assert.Equal(2, epochs);
    }

    [Fact]
    public void OutputSchemaNamesTheColumnsBeforeFit()
    {
        var ml = new MLContext(seed: 1);
        var shape = Pipeline(ml, Small(), out _).GetOutputSchema(SchemaShapes.FromSchema(Data(ml).Schema));
        Assert.Contains(shape, c => c.Name == "Score" && c.Kind == SchemaShape.Column.VectorKind.Vector);
        Assert.Contains(shape, c => c.Name == "PredictedLabel" && c.IsKey);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SemiSupervisedGan(Small()).GetOutputSchema(SchemaShapes.FromSchema(Data(ml).Schema)));
        Assert.Contains("expected a key type", error.Message);
    }

    /// <summary>MLContext.CancelExecution is internal to ML.NET (its ICancelable), as in TrainingFaultTests.</summary>
    private static void CancelExecution(MLContext ml) =>
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(ml, null);

    private sealed class Prediction
    {
        public string PredictedText { get; set; } = "";
        public float[] Score { get; set; } = [];
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
