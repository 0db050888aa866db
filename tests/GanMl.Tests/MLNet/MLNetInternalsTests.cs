using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Xunit;

namespace GanMl.Tests;

/// <summary>
/// Every ML.NET internal GanMl reaches by reflection (docs/training.md, section 8), each checked on its own: a new
/// ML.NET version that renames or removes one fails here, naming it, before any estimator fails for a less clear reason.
/// </summary>
public class MLNetInternalsTests
{
    [Fact]
    public void TheCatalogsEnvironmentIsReachable()
    {
        var ml = new MLContext(seed: 1);
        Assert.NotNull(MLContextAccess.Environment(ml.Transforms));                                   // TransformsCatalog._env
        Assert.NotNull(MLContextAccess.Environment(ml.MulticlassClassification.Trainers));            // IInternalCatalog.Environment
        Assert.NotNull(MLContextAccess.Environment((object)ml.Transforms.Conversion.MapValueToKey("Label"))); // an estimator's host field
    }

    [Fact]
    public void TheContextsDeviceSettingsAreReadable()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 3, FallbackToCpu = true };
        var (device, fallback) = MLContextAccess.Device(MLContextAccess.Environment(ml.Transforms));
        Assert.Equal(3, device);
        Assert.True(fallback);
    }

    [Fact]
    public void CatalogsAreBuiltForTheCallersContext()
    {
        var environment = MLContextAccess.Environment(new MLContext(seed: 1).Transforms);
        Assert.NotNull(MLContextAccess.Transforms(environment));                                    // internal catalog constructors
        Assert.NotNull(MLContextAccess.Data(environment));
        Assert.NotNull(MLContextAccess.MulticlassClassification(environment));
        Assert.NotNull(MLContextAccess.BinaryClassification(environment));
    }

    [Fact]
    public void CancelExecutionIsSeen()
    {
        var ml = new MLContext(seed: 1);
        var check = MLContextAccess.CancellationCheck(MLContextAccess.Environment(ml.Transforms), CancellationToken.None);
        check("before"); // not cancelled yet: no exception
        // ML.NET 5 keeps MLContext.CancelExecution internal too; its callers (e.g. AutoML) reach it as GanMl's tests do.
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(ml, null);
        var e = Assert.Throws<OperationCanceledException>(() => check("after"));
        Assert.Contains("MLContext.CancelExecution()", e.Message);
    }

    [Fact]
    public void SchemaShapesAreBuilt()
    {
        var column = SchemaShapes.Column("Score", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single); // internal Column constructor
        Assert.Equal("Score", column.Name);
        var schema = new MLContext().Data.LoadFromEnumerable(new[] { new Row() }).Schema;
        var shape = SchemaShapes.FromSchema(schema);                                                 // internal SchemaShape.Create
        Assert.Contains(shape, c => c.Name == nameof(Row.Value));
    }

    [Fact]
    public void TheMulticlassScoringStepIsBuilt()
    {
        Assert.True(MulticlassHead.Supported, "MaximumEntropyModelParameters or MulticlassPredictionTransformer lost the internal constructor GanMl uses.");
    }

    private sealed class Row
    {
        public float Value { get; set; }
    }
}
