using GanMl.Tests.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using Xunit;

namespace GanMl.Tests.Onnx;

/// <summary>The exported generator, run in ONNX Runtime, gives the rows GanTransformer generates for the same noise and labels.</summary>
public class GeneratorOnnxExportTests
{
    private const int Side = 16, Rows = 37;

    public static TheoryData<string, bool, bool> Architectures => new()
    {
        { "mlp-minimal", false, false }, { "mlp-minimal", true, false }, { "mlp-classic", true, true },
        { "dcgan", false, false }, { "dcgan", true, false }, { "dcgan", true, true },
    };

    private static GanOptions Options(string architecture, bool conditional, bool ema) => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = conditional ? "Label" : null,
        Architecture = architecture == "dcgan" ? GanArchitecture.Dcgan : GanArchitecture.Mlp,
        MlpPreset = architecture == "mlp-classic" ? MlpPreset.Classic : MlpPreset.Minimal,
        ImageShape = architecture == "dcgan" ? new ImageShape(1, Side, Side) : null,
        DcganBaseChannels = 4, LatentDimension = 8, Epochs = 2, BatchSize = 16, Seed = 3,
        GeneratorEmaDecay = ema ? 0.9f : null,
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void OnnxRuntimeGivesTheGeneratedRows(string architecture, bool conditional, bool ema)
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(48, side: Side), side: Side);
        using var gan = ml.Transforms.TrainGan(Options(architecture, conditional, ema)).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"ganml-export-{Guid.NewGuid():N}.onnx");
        try
        {
            gan.ExportOnnx(path);
            // tools/check_onnx.py cross-checks these files with the onnx package's checker when asked to keep them.
            if (Environment.GetEnvironmentVariable("GANML_KEEP_ONNX") is { Length: > 0 } keep)
                File.Copy(path, Path.Combine(Directory.CreateDirectory(keep).FullName, $"{architecture}{(conditional ? "-cond" : "")}{(ema ? "-ema" : "")}.onnx"), true);
            const int seed = 11;
            long[]? labels = conditional ? Enumerable.Range(0, Rows).Select(i => (long)(i % gan.ClassLabels.Count)).ToArray() : null;
            // GanTrainer.Generate draws z as randn([n, latent]) from a generator seeded with the seed (one chunk up to 256 rows).
            float[] z;
            using (var noise = new torch.Generator((ulong)seed))
            using (var t = torch.randn([Rows, 8], generator: noise))
                z = t.data<float>().ToArray();
            var expected = gan.Trainer.Generate(Rows, seed, labels);
            gan.Info.Scaler.FromNetwork(expected);

            using var session = new InferenceSession(path);
            var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("z", new DenseTensor<float>(z, [Rows, 8])) };
            if (labels is not null) inputs.Add(NamedOnnxValue.CreateFromTensor("label", new DenseTensor<long>(labels, [Rows])));
            using var results = session.Run(inputs);
            var output = results.Single(r => r.Name == "features").AsTensor<float>();
            Assert.Equal([Rows, gan.FeatureSize], output.Dimensions.ToArray());
            var actual = output.ToArray();
            double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            // Rows are on the training scale (0..255 here): 1e-5 of the range is the bar, as 1e-5 absolute is on [-1, 1].
            Assert.True(worst <= 1e-5 * (gan.FeatureRange.Max - gan.FeatureRange.Min) / 2, $"largest difference {worst}");
            Assert.Equal(conditional ? 2 : 1, session.InputMetadata.Count);
            Assert.Equal("Pixels", session.ModelMetadata.CustomMetadataMap["ganml.feature_column"]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ApplyOnnxModelGeneratesRowsFromAZColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Load(ml, TestData.Rows(48, side: Side), side: Side);
        using var gan = ml.Transforms.TrainGan(Options("mlp-minimal", false, false)).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"ganml-apply-{Guid.NewGuid():N}.onnx");
        try
        {
            gan.ExportOnnx(path);
            var random = new Random(2);
            var noise = Enumerable.Range(0, 10).Select(_ => new NoiseRow { z = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray() }).ToList();
            var view = ml.Data.LoadFromEnumerable(noise);
            var model = ml.Transforms.ApplyOnnxModel(["features"], ["z"], path).Fit(view);
            var rows = model.Transform(view).GetColumn<float[]>("features").ToList();
            Assert.Equal(10, rows.Count);
            Assert.All(rows, r => Assert.Equal(Side * Side, r.Length));
            Assert.All(rows.SelectMany(r => r), v => Assert.InRange(v, gan.FeatureRange.Min, gan.FeatureRange.Max));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnUnwritablePathIsNamed()
    {
        var ml = new MLContext(seed: 1);
        using var gan = ml.Transforms.TrainGan(Options("mlp-minimal", false, false)).Fit(TestData.Load(ml, TestData.Rows(48, side: Side), side: Side));
        // A folder that is a file cannot hold the model.
        string file = Path.GetTempFileName();
        try
        {
            string path = Path.Combine(file, "g.onnx");
            var error = Assert.ThrowsAny<IOException>(() => gan.ExportOnnx(path));
            Assert.Contains(path, error.Message);
        }
        finally { File.Delete(file); }
    }

    private sealed class NoiseRow
    {
        [VectorType(8)]
        public float[] z { get; set; } = [];
    }
}
