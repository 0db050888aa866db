using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanAugmentationOwnershipTests
{
    private static GanAugmentationOptions Options() => TestData.SmallAugmentation();

    [Fact]
    public void EachFitDisposesThePreviousGanAndDisposeReleasesTheLast()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(30));
        var fitted = new List<GanTransformer>();
        using var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(Options() with { GanFitted = fitted.Add })
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 2));

        pipeline.Fit(data);
        pipeline.Fit(data);

        Assert.Equal(2, fitted.Count);
        Assert.Same(fitted[1], pipeline.FittedGan);
        Assert.Throws<ObjectDisposedException>(() => fitted[0].Generate(1));
        Assert.Equal(1, fitted[1].Generate(1).GetRowCount());
        pipeline.Dispose();
        Assert.Null(pipeline.FittedGan);
        Assert.Throws<ObjectDisposedException>(() => fitted[1].Generate(1));
    }

    [Fact]
    public void OptionsAreCopiedSoLaterEditsCannotBypassValidation()
    {
        var ml = new MLContext(seed: 1);
        var options = Options();
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").AppendGanAugmentation(options);
        options.SyntheticRowsPerRealRow = -5;
        options.Gan.Epochs = 0;
        Assert.NotSame(options, pipeline.Options);
        Assert.NotSame(options.Gan, pipeline.Options.Gan);
        Assert.Equal(1.0, pipeline.Options.SyntheticRowsPerRealRow);
        Assert.Equal(1, pipeline.Options.Gan.Epochs);
        var appended = pipeline.Append(ml.Transforms.CopyColumns("Copy", "Pixels"));
        Assert.Equal(1.0, appended.Options.SyntheticRowsPerRealRow);
    }

    [Fact]
    public void HelperStepsRunInTheCallersContext()
    {
        var ml = new MLContext(seed: 1);
        var sources = new ConcurrentDictionary<string, bool>();
        ml.Log += (_, e) => sources[e.Source] = true;
        var data = TestData.Load(ml, TestData.Rows(30));
        ml.Transforms.Conversion.MapValueToKey("Label").AppendGanAugmentation(Options())
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 2)).Fit(data);
        // The column selection and the real + synthetic shuffle used to run in a new MLContext, so the caller's log never saw them.
        Assert.Contains(sources.Keys, s => s.Contains("SelectColumns", StringComparison.Ordinal));
        Assert.Contains(sources.Keys, s => s.StartsWith("Shuffle", StringComparison.Ordinal));
    }

    [Fact]
    public void AChainWithoutAnMLContextFailsLoudlyUnlessTheContextIsGiven()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(30));
        var error = Assert.Throws<InvalidOperationException>(() => new PassThroughEstimator().AppendGanAugmentation(Options()));
        Assert.Contains("PassThroughEstimator", error.Message);
        Assert.Contains("AppendGanAugmentation(mlContext, options)", error.Message);

        var sources = new ConcurrentDictionary<string, bool>();
        ml.Log += (_, e) => sources[e.Source] = true;
        using var pipeline = new PassThroughEstimator().AppendGanAugmentation(ml, Options() with { LabelColumnName = null });
        pipeline.Fit(data);
        Assert.Equal((30L, 30L), pipeline.LastFitRowCounts);
        Assert.Contains(sources.Keys, s => s.StartsWith("GanEstimator", StringComparison.Ordinal));
    }

    /// <summary>A user estimator that holds no ML.NET environment.</summary>
    private sealed class PassThroughEstimator : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => new PassThrough();
        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }

    private sealed class PassThrough : ITransformer
    {
        public bool IsRowToRowMapper => false;
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();
        public IDataView Transform(IDataView input) => input;
        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException();
    }
}
