using GanMl.Metrics;
using GanMl.Tests.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Fid;

public class FidTransformerTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;

    public FidTransformerTests(Xunit.Abstractions.ITestOutputHelper output) => _out = output;

    private sealed class Row32 { [VectorType(32)] public float[] Features { get; set; } = Array.Empty<float>(); public float Other { get; set; } }
    private sealed class Row16 { [VectorType(16)] public float[] Features { get; set; } = Array.Empty<float>(); }
    private sealed class ScalarRow { public float Features { get; set; } }
    private sealed class DoubleRow { [VectorType(4)] public double[] Features { get; set; } = Array.Empty<double>(); }
    private sealed class VarRow { public float[] Features { get; set; } = Array.Empty<float>(); }
    private sealed class PixelRow { [VectorType(784)] public float[] Pixels { get; set; } = Array.Empty<float>(); }
    private sealed class ImagePathRow { public string Path { get; set; } = ""; }

    private static IDataView Rows32(MLContext ml, (double[] Data, int[] Shape) a) =>
        ml.Data.LoadFromEnumerable(FixtureData.Rows(a).Select((r, i) => new Row32 { Features = r, Other = i }).ToList());

    [Fact]
    public void FitAndEvaluateMatchPytorchFid()
    {
        var ml = new MLContext(seed: 1);
        var data = FixtureData.Load("case_gauss.npz");
        FidTransformer fid = ml.Transforms.Fid("Features").Fit(Rows32(ml, data["x1"]));
        Assert.Equal(300, fid.ReferenceStatistics.Count);
        Assert.Equal(32, fid.ReferenceStatistics.Dimension);
        FidMetrics m = fid.Evaluate(Rows32(ml, data["x2"]));
        double scipy = FixtureData.Expected.GetProperty("cases").GetProperty("gauss").GetProperty("fid_pytorch_fid").GetDouble();
        FixtureData.AssertRel(scipy, m.Fid, 1e-6, "FidTransformer.Evaluate");
        Assert.Equal(300, m.ReferenceCount);
        Assert.Equal(250, m.SampleCount);
        Assert.Null(m.Kid);
        // Same data: ~0.
        Assert.True(fid.Evaluate(Rows32(ml, data["x1"])).Fid <= 1e-9 * fid.ReferenceStatistics.CovarianceTrace);
    }

    [Fact]
    public void RankDeficientReferenceUsesExactPath()
    {
        var ml = new MLContext(seed: 1);
        var data = FixtureData.Load("case_rankdef.npz"); // n = 20 < d = 64
        var rows = (IDataView v) => v;
        var x1 = ml.Data.LoadFromEnumerable(FixtureData.Rows(data["x1"]).Select(r => new Row64 { Features = r }).ToList());
        var x2 = ml.Data.LoadFromEnumerable(FixtureData.Rows(data["x2"]).Select(r => new Row64 { Features = r }).ToList());
        var m = ml.Transforms.Fid("Features").Fit(x1).Evaluate(x2);
        Assert.Equal(TraceSqrtMethod.NuclearNorm, m.Details.Method);
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("cases").GetProperty("rankdef").GetProperty("fid_nuclear").GetDouble(), m.Fid, 1e-10, "rank-deficient FID");
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("cases").GetProperty("rankdef").GetProperty("fid_pytorch_fid").GetDouble(), m.Fid, 1e-6, "rank-deficient FID vs pytorch-fid");
    }

    private sealed class Row64 { [VectorType(64)] public float[] Features { get; set; } = Array.Empty<float>(); }

    [Fact]
    public void KidIsReportedWhenAsked()
    {
        var ml = new MLContext(seed: 1);
        var data = FixtureData.Load("kid.npz");
        IDataView V((double[] Data, int[] Shape) a) => ml.Data.LoadFromEnumerable(FixtureData.Rows(a).Select(r => new Row16 { Features = r }).ToList());
        var fid = ml.Transforms.Fid(new FidOptions { FeatureColumnName = "Features", ComputeKid = true, KidSubsets = 5 }).Fit(V(data["x1"]));
        var m = fid.Evaluate(V(data["x2"]));
        Assert.NotNull(m.Kid);
        FixtureData.AssertRel(FixtureData.Expected.GetProperty("kid_full").GetDouble(), m.Kid!.Value, 1e-6, "KID");
        Assert.Contains("KID", m.ToString());
    }

    [Fact]
    public void TransformPassesRowsThroughAndSchemaIsValidated()
    {
        var ml = new MLContext(seed: 1);
        var data = FixtureData.Load("case_gauss.npz");
        var input = Rows32(ml, data["x1"]);
        var est = ml.Transforms.CopyColumns("Copy", "Other").Append(ml.Transforms.Fid("Features"));
        var model = est.Fit(input);
        var output = model.Transform(input);
        Assert.NotNull(output.Schema.GetColumnOrNull("Copy"));
        Assert.Equal(300, output.GetColumn<float>("Other").Count());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (float)i), output.GetColumn<float>("Other"));
        var shape = ml.Transforms.Fid("Features").GetOutputSchema(Shape(input.Schema));
        Assert.Contains(shape, c => c.Name == "Features");

        var fid = model.LastTransformer;
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => fid.GetOutputSchema(ml.Data.LoadFromEnumerable(new[] { new ScalarRow() }).Schema));
        Assert.Contains("'Features'", e1.Message);
        Assert.Contains("Vector<Single> of known size", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Fid("Features").Fit(ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = new double[4] } })));
        Assert.Contains("Vector<Double", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Fid("Features").Fit(ml.Data.LoadFromEnumerable(new[] { new VarRow { Features = new float[4] } })));
        Assert.Contains("known size", e3.Message);
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Fid("Missing").Fit(input));
        Assert.Contains("'Missing' was not found", e4.Message);
        var e5 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Fid("Missing").GetOutputSchema(Shape(input.Schema)));
        Assert.Contains("'Missing'", e5.Message);
    }

    // SchemaShape.Create is internal to ML.NET (its pipelines call GetOutputSchema themselves).
    private static SchemaShape Shape(DataViewSchema s) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!.Invoke(null, new object[] { s })!;

    [Fact]
    public void TooFewRowsAndNaNFeaturesFailClearly()
    {
        var ml = new MLContext(seed: 1);
        var one = ml.Data.LoadFromEnumerable(new[] { new Row16 { Features = new float[16] } });
        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.Fid("Features").Fit(one));
        Assert.Contains("at least 2", e.Message);
        var rows = Enumerable.Range(0, 3).Select(i => new Row16 { Features = Enumerable.Range(0, 16).Select(j => (float)(i * j)).ToArray() }).ToList();
        rows[2].Features[5] = float.NaN;
        var e2 = Assert.Throws<ArgumentException>(() => ml.Transforms.Fid("Features").Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("row 2, column 5", e2.Message);
        Assert.Contains("'Features'", e2.Message);
    }

    [Fact]
    public void ModelSaveFailsClearly()
    {
        var ml = new MLContext(seed: 1);
        var input = Rows32(ml, FixtureData.Load("case_gauss.npz")["x1"]);
        var fid = ml.Transforms.Fid("Features").Fit(input);
        using var ms = new MemoryStream();
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.Save(fid, input.Schema, ms));
        while (e is not NotSupportedException && e.InnerException != null) e = e.InnerException;
        Assert.IsType<NotSupportedException>(e);
        Assert.Contains("SaveNpz", e.Message);
        Assert.False(fid.IsRowToRowMapper);
    }

    private static FidOptions OnnxOptions() => new()
    {
        FeatureColumnName = "Features",
        OnnxModelPath = FixtureData.PathOf(Path.Combine("onnx", "fmnist_cnn64.onnx")),
        OnnxInputName = "input",
        OnnxOutputName = "features",
        InputSize = 32,
        InputColumnName = "Pixels",
        PixelChannels = 1, PixelHeight = 28, PixelWidth = 28,
        PixelMinValue = 0, PixelMaxValue = 1,
    };

    [Fact]
    public void OnnxPixelPathMatchesPyTorchFeatures()
    {
        var ml = new MLContext(seed: 1);
        var fx = FixtureData.Load(Path.Combine("onnx", "fixture_inputs.npz"));
        var pixels = fx["pixels"];
        var expected = FixtureData.Rows(fx["features"]);
        var rows = Enumerable.Range(0, 8).Select(i => new PixelRow { Pixels = pixels.Data.Skip(i * 784).Take(784).Select(x => (float)x).ToArray() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var fid = ml.Transforms.Fid(OnnxOptions()).Fit(data);
        Assert.Equal(64, fid.ReferenceStatistics.Dimension);
        var transformed = fid.Transform(data);
        Assert.NotNull(transformed.Schema.GetColumnOrNull("Pixels"));
        Assert.Null(transformed.Schema.GetColumnOrNull("input"));
        var features = transformed.GetColumn<float[]>("Features").ToArray();
        Assert.Equal(8, features.Length);
        double maxDiff = 0;
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 64; j++)
                maxDiff = Math.Max(maxDiff, Math.Abs(features[i][j] - expected[i][j]));
        _out.WriteLine($"pixel path: max |ONNX (ML.NET) - PyTorch| = {maxDiff:E2}");
        Assert.True(maxDiff <= 1e-4, $"max |ONNX (ML.NET) - PyTorch| = {maxDiff}");
        Assert.True(expected.Sum(r => r.Sum()) > 1, "fixture features should not be all zero");
        var m = fid.Evaluate(data);
        Assert.True(m.Fid <= 1e-9 * fid.ReferenceStatistics.CovarianceTrace, $"self-FID {m.Fid}");
        // The estimator's schema propagation adds the feature column and rejects a wrong input column.
        Assert.Contains(ml.Transforms.Fid(OnnxOptions()).GetOutputSchema(Shape(data.Schema)), c => c.Name == "Features");
        var wrong = OnnxOptions();
        wrong.InputColumnName = "Nope";
        Assert.Contains("'Nope'", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.Fid(wrong).GetOutputSchema(Shape(data.Schema))).Message);
        // Output schema from the transformer matches the data.
        Assert.Equal(64, ((VectorDataViewType)fid.GetOutputSchema(data.Schema)["Features"].Type).Size);
    }

    private sealed class RgbPixelRow { [VectorType(3 * 784)] public float[] Pixels { get; set; } = Array.Empty<float>(); }

    [Fact]
    public void OnnxThreeChannelPixelsAndByteRangeGiveTheSameFeatures()
    {
        // Gray repeated into 3 planar channels, in [0, 255]: same model input as the 1-channel [0, 1] rows.
        var ml = new MLContext(seed: 1);
        var fx = FixtureData.Load(Path.Combine("onnx", "fixture_inputs.npz"));
        var pixels = fx["pixels"];
        var expected = FixtureData.Rows(fx["features"]);
        var rows = Enumerable.Range(0, 8).Select(i =>
        {
            var g = pixels.Data.Skip(i * 784).Take(784).Select(x => (float)(x * 255)).ToArray();
            return new RgbPixelRow { Pixels = g.Concat(g).Concat(g).ToArray() };
        }).ToList();
        var o = OnnxOptions();
        o.PixelChannels = 3;
        o.PixelMaxValue = 255;
        var data = ml.Data.LoadFromEnumerable(rows);
        var features = ml.Transforms.Fid(o).Fit(data).Transform(data).GetColumn<float[]>("Features").ToArray();
        double maxDiff = 0;
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 64; j++)
                maxDiff = Math.Max(maxDiff, Math.Abs(features[i][j] - expected[i][j]));
        Assert.True(maxDiff <= 1e-4, $"max |ONNX (3-channel, 0..255) - PyTorch| = {maxDiff}");
    }

    [Fact]
    public void OnnxImageColumnPathMatchesPyTorchFeatures()
    {
        var ml = new MLContext(seed: 1);
        var fx = FixtureData.Load(Path.Combine("onnx", "fixture_inputs.npz"));
        var expected = FixtureData.Rows(fx["features"]);
        var dir = Path.Combine(FixtureData.Dir, "onnx");
        var paths = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new ImagePathRow { Path = $"image_{i}.png" }).ToList());
        var images = ml.Transforms.LoadImages("Image", dir, "Path").Fit(paths).Transform(paths);
        var o = OnnxOptions();
        o.InputColumnName = "Image";
        var fid = ml.Transforms.Fid(o).Fit(images);
        var features = fid.Transform(images).GetColumn<float[]>("Features").ToArray();
        double maxDiff = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 64; j++)
                maxDiff = Math.Max(maxDiff, Math.Abs(features[i][j] - expected[i][j]));
        _out.WriteLine($"image path: max |ONNX (image column) - PyTorch| = {maxDiff:E2}");
        Assert.True(maxDiff <= 1e-4, $"max |ONNX (image column) - PyTorch| = {maxDiff}");
    }

    [Fact]
    public void OnnxConfigurationErrorsAreClear()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new PixelRow { Pixels = new float[784] }).ToList());
        var o = OnnxOptions();
        o.OnnxModelPath = "/nonexistent/dir/model.onnx";
        var e = Assert.Throws<FileNotFoundException>(() => ml.Transforms.Fid(o).Fit(data));
        Assert.Contains("/nonexistent/dir/model.onnx", e.Message);
        o = OnnxOptions();
        o.OnnxOutputName = "pool3";
        var e2 = Assert.Throws<ArgumentException>(() => ml.Transforms.Fid(o).Fit(data));
        Assert.Contains("'pool3'", e2.Message);
        Assert.Contains("'features'", e2.Message); // lists the model's outputs
        o = OnnxOptions();
        o.InputSize = 299;
        Assert.Contains("InputSize", Assert.Throws<ArgumentException>(() => ml.Transforms.Fid(o).Fit(data)).Message);
        o = OnnxOptions();
        o.PixelHeight = 20;
        Assert.Contains("784 values", Assert.Throws<ArgumentException>(() => ml.Transforms.Fid(o).Fit(data)).Message);
        o = OnnxOptions();
        o.InputColumnName = null;
        Assert.Contains("InputColumnName", Assert.Throws<ArgumentException>(() => ml.Transforms.Fid(o)).Message);
    }

    [Fact]
    public void BilinearResizeMatchesTorchOnKnownValues()
    {
        // torch: F.interpolate(torch.arange(4.).view(1,1,1,4), size=(1,6), mode='bilinear', align_corners=False)
        //      = [0.0, 0.5, 1.1667, 1.8333, 2.5, 3.0]; downsampling 6 -> 4 gives [0.25, 1.75, 3.25, 4.75]
        var ax = BilinearResize.Axis(4, 6);
        var src = new float[] { 0, 1, 2, 3 };
        var dst = new float[6];
        BilinearResize.Plane(src, 1, 4, dst, 1, 6, BilinearResize.Axis(1, 1), ax);
        var expected = new[] { 0f, 0.5f, 7f / 6, 11f / 6, 2.5f, 3f };
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], dst[i], 5);
        var down = new float[4];
        BilinearResize.Plane(new float[] { 0, 1, 2, 3, 4, 5 }, 1, 6, down, 1, 4, BilinearResize.Axis(1, 1), BilinearResize.Axis(6, 4));
        Assert.Equal(new[] { 0.25f, 1.75f, 3.25f, 4.75f }, down);
    }
}
