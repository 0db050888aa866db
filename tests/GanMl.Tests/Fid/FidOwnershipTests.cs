using GanMl.Tests.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Fid;

public class FidOwnershipTests
{
    private sealed class PixelRow { [VectorType(784)] public float[] Pixels { get; set; } = []; }

    private static FidOptions OnnxOptions() => new()
    {
        FeatureColumnName = "Features",
        OnnxModelPath = FixtureData.PathOf(Path.Combine("onnx", "fmnist_cnn64.onnx")),
        OnnxInputName = "input", OnnxOutputName = "features", InputSize = 32,
        InputColumnName = "Pixels", PixelChannels = 1, PixelHeight = 28, PixelWidth = 28, PixelMinValue = 0, PixelMaxValue = 1,
    };

    [Fact]
    public void FidTransformerReleasesItsOnnxSessionOnDispose()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 6).Select(_ => new PixelRow { Pixels = Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray() }).ToList());
        IDisposable disposable;
        using (var fid = ml.Transforms.Fid(OnnxOptions()).Fit(data))
        {
            disposable = fid;
            Assert.True(fid.Evaluate(data).Fid < 1e-6);
        }
        var disposed = (FidTransformer)disposable;
        Assert.Throws<ObjectDisposedException>(() => disposed.Evaluate(data));
        Assert.Throws<ObjectDisposedException>(() => disposed.Transform(data));
        disposed.Dispose(); // twice is harmless
        Assert.False(disposed.IsRowToRowMapper);
    }

    [Fact]
    public void GetOutputSchemaFailsLoudlyWhenMLNetsSchemaShapeFactoryIsMissing()
    {
        var schema = new DataViewSchema.Builder();
        schema.AddColumn("Pixels", new VectorDataViewType(NumberDataViewType.Single, 784));
        var built = schema.ToSchema();
        Assert.Contains(SchemaShapes.FromSchema(built), c => c.Name == "Pixels");
        var error = Assert.Throws<InvalidOperationException>(() => SchemaShapes.FromSchema(built, "RenamedCreate"));
        Assert.Contains("SchemaShape.RenamedCreate", error.Message);
    }
}
