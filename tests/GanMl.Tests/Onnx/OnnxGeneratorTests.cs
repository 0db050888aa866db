using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace GanMl.Tests.Onnx;

/// <summary>
/// Tiny GANs (one epoch of 48 rows) trained once per label type and exported to ONNX, shared by <see cref="OnnxGeneratorTests"/>.
/// Names: architecture, then the label column's type (none, text, key with text key values, bool, single, key with single key values).
/// </summary>
public sealed class OnnxGeneratorFixture : IDisposable
{
    private readonly Dictionary<string, (GanTransformer Gan, string Path)> _models = [];
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ganml-onnxgen-{Guid.NewGuid():N}")).FullName;

    public MLContext Ml { get; } = new(seed: 1);
    public string Folder => _folder;

    public sealed class Row
    {
        public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
        public bool Flag { get; set; }
        public float Number { get; set; }
    }

    /// <summary>The trained GAN of <paramref name="name"/> and the path of its exported generator (trained on first use).</summary>
    public (GanTransformer Gan, string Path) Get(string name)
    {
        if (_models.TryGetValue(name, out var model)) return model;
        var parts = name.Split('-');
        bool dcgan = parts[0] == "dcgan";
        int side = dcgan ? 16 : 8;
        var data = Data(side);
        string? label = parts[1] switch
        {
            "none" => null, "text" => "Label", "bool" => "Flag", "single" => "Number",
            "key" => "Key", "singlekey" => "NumberKey",
            _ => throw new ArgumentException(name),
        };
        if (label == "Key") data = Ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(data).Transform(data);
        if (label == "NumberKey") data = Ml.Transforms.Conversion.MapValueToKey("NumberKey", "Number").Fit(data).Transform(data);
        var gan = Ml.Transforms.TrainGan(new GanOptions
        {
            FeatureColumnName = "Pixels", LabelColumnName = label,
            Architecture = dcgan ? GanArchitecture.Dcgan : GanArchitecture.Mlp, MlpPreset = MlpPreset.Minimal,
            ImageShape = dcgan ? new ImageShape(1, side, side) : null, DcganBaseChannels = 4,
            LatentDimension = 8, Epochs = 1, BatchSize = 16, Seed = 3,
        }).Fit(data);
        string path = Path.Combine(_folder, name + ".onnx");
        gan.ExportOnnx(path);
        return _models[name] = (gan, path);
    }

    /// <summary>48 rows of the three-class bar images (<see cref="MLNet.TestData"/>), with the class also as a bool and as a float.</summary>
    private IDataView Data(int side)
    {
        var rows = MLNet.TestData.Rows(48, side: side).Select((r, i) => new Row
        {
            Pixels = r.Pixels, Label = r.Label, Flag = i % 3 == 1, Number = 0.1f + 0.5f * (i % 3),
        });
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, side * side);
        return Ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    public void Dispose()
    {
        foreach (var (gan, _) in _models.Values) gan.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The core's <see cref="OnnxGenerator"/>: GanTransformer.Generate's schema, the exported model's rows, seeds, labels and errors.</summary>
public class OnnxGeneratorTests(OnnxGeneratorFixture models) : IClassFixture<OnnxGeneratorFixture>
{
    public static TheoryData<string> AllModels => new()
    {
        "mlp-none", "mlp-text", "mlp-key", "mlp-bool", "mlp-single", "mlp-singlekey", "dcgan-none", "dcgan-text", "dcgan-key",
    };

    public static TheoryData<string> SomeModels => new() { "mlp-none", "mlp-text", "mlp-key", "dcgan-none", "dcgan-key" };

    [Theory]
    [MemberData(nameof(AllModels))]
    public void SchemaAndPropertiesEqualGanTransformers(string name)
    {
        var (gan, path) = models.Get(name);
        using var generator = OnnxGenerator.Load(models.Ml, path);
        var expected = gan.Generate(rowCount: 12, seed: 5);
        var actual = generator.Generate(rowCount: 12, seed: 5);
        AssertSameSchema(expected.Schema, actual.Schema);
        AssertSameSchema(expected.Schema, generator.OutputSchema);
        Assert.Equal(12, actual.GetRowCount());

        Assert.Equal(Path.GetFullPath(path), generator.ModelPath);
        Assert.Equal(gan.FeatureColumnName, generator.FeatureColumnName);
        Assert.Equal(gan.FeatureSize, generator.FeatureSize);
        Assert.Equal(8, generator.LatentDimension);
        // One ValueRange and one ImageShape type (GanMl's core) on both sides.
        Assert.Equal(gan.FeatureRange, generator.FeatureRange);
        Assert.Equal(gan.ImageShape, generator.ImageShape);
        Assert.Equal(gan.IsConditional, generator.IsConditional);
        Assert.Equal(gan.LabelColumnName, generator.LabelColumnName);
        Assert.Equal(gan.ClassLabels, generator.ClassLabels);
        Assert.Equal(gan.ClassCounts, generator.ClassCounts);
        if (gan.LabelColumnName is { } label)
        {
            // The labels are drawn as GanTransformer draws them (training frequencies, System.Random of the seed); the noise is not.
            Assert.Equal(Values(expected, label), Values(actual, label));
            Assert.NotEqual(Pixels(expected), Pixels(actual));
        }
        Assert.All(Pixels(actual), v => Assert.InRange(v, generator.FeatureRange.Min, generator.FeatureRange.Max));
    }

    [Theory]
    [MemberData(nameof(SomeModels))]
    public void RowsEqualTheExportedModelRunOnTheSameNoise(string name)
    {
        var (gan, path) = models.Get(name);
        using var generator = OnnxGenerator.Load(models.Ml, path);
        // 300 rows: one full run of 256 and a shorter one.
        const int rows = 300, seed = 9;
        var view = generator.Generate(rows, seed: seed);
        var z = generator.CreateNoise(rows, seed);
        using var session = new InferenceSession(path);
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("z", new DenseTensor<float>(z, [rows, 8])) };
        if (generator.IsConditional)
        {
            var classes = generator.SampleClasses(rows, seed);
            inputs.Add(NamedOnnxValue.CreateFromTensor("label", new DenseTensor<long>(classes.Select(c => (long)c).ToArray(), [rows])));
            var labels = Values(view, generator.LabelColumnName!);
            bool key = view.Schema[generator.LabelColumnName!].Type is KeyDataViewType;
            Assert.Equal(classes.Select(c => key ? (object)(uint)(c + 1) : generator.ClassLabels[c]), labels);
        }
        using var results = session.Run(inputs);
        var expected = results.Single().AsTensor<float>().ToArray();
        var actual = Pixels(view);
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        // 1e-6 of the value range (0..255 here): the runs of 256 rows may take other kernels than one run of 300.
        Assert.True(worst <= 1e-6 * (generator.FeatureRange.Max - generator.FeatureRange.Min), $"largest difference {worst}");
    }

    [Theory]
    [InlineData("mlp-text")]
    [InlineData("dcgan-none")]
    public void TheSameSeedGivesIdenticalRowsAndAnotherSeedOthers(string name)
    {
        var (_, path) = models.Get(name);
        using var generator = OnnxGenerator.Load(models.Ml, path);
        var first = generator.Generate(rowCount: 70, seed: 5);
        for (int run = 0; run < 4; run++)
        {
            var again = generator.Generate(rowCount: 70, seed: 5);
            Assert.Equal(Pixels(first), Pixels(again)); // exact float equality
            if (generator.IsConditional) Assert.Equal(Values(first, "Label"), Values(again, "Label"));
        }
        using (var reloaded = OnnxGenerator.Load(new MLContext(seed: 2), path))
            Assert.Equal(Pixels(first), Pixels(reloaded.Generate(rowCount: 70, seed: 5)));
        Assert.NotEqual(Pixels(first), Pixels(generator.Generate(rowCount: 70, seed: 6)));
        // No seed: one seed drawn from the MLContext at Load, so repeated calls agree, and so do equally seeded contexts.
        var unseeded = Pixels(generator.Generate(rowCount: 20));
        Assert.Equal(unseeded, Pixels(generator.Generate(rowCount: 20)));
        using var twin = OnnxGenerator.Load(new MLContext(seed: 1), path);
        using var primed = OnnxGenerator.Load(new MLContext(seed: 1), path);
        Assert.Equal(Pixels(twin.Generate(rowCount: 20)), Pixels(primed.Generate(rowCount: 20)));
    }

    [Fact]
    public void TheNoiseIsStandardNormalAndItsFirstRowsDoNotDependOnTheRowCount()
    {
        using var generator = OnnxGenerator.Load(models.Ml, models.Get("mlp-none").Path);
        var z = generator.CreateNoise(20_000, seed: 4);
        double mean = z.Average(v => (double)v), variance = z.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
        Assert.InRange(z.Count(v => Math.Abs(v) > 1.96) / (double)z.Length, 0.04, 0.06);
        Assert.Equal(generator.CreateNoise(7, seed: 4), z[..(7 * 8)]);
        Assert.NotEqual(generator.CreateNoise(7, seed: 5), z[..(7 * 8)]);
    }

    [Fact]
    public void PerLabelGenerationGivesThatLabelInEveryRow()
    {
        using (var text = OnnxGenerator.Load(models.Ml, models.Get("mlp-text").Path))
        {
            Assert.All(text.Generate(rowCount: 40, label: "Coat", seed: 7).GetColumn<string>("Label"), l => Assert.Equal("Coat", l));
            Assert.All(text.Generate(40, (object)"Sneaker".AsMemory(), seed: 7).GetColumn<string>("Label"), l => Assert.Equal("Sneaker", l));
            var perClass = text.GeneratePerClass([2, 0, 3], seed: 1).GetColumn<string>("Label").ToArray();
            Assert.Equal(["Bag", "Bag", "Sneaker", "Sneaker", "Sneaker"], perClass);
        }
        using (var key = OnnxGenerator.Load(models.Ml, models.Get("dcgan-key").Path))
        {
            // MapValueToKey numbers classes in order of appearance: Bag 1, Coat 2, Sneaker 3.
            Assert.Equal(["Bag", "Coat", "Sneaker"], key.ClassLabels);
            Assert.All(key.Generate(rowCount: 30, label: "Coat", seed: 7).GetColumn<uint>("Key"), k => Assert.Equal(2u, k));
            Assert.All(key.Generate(30, (object)3u, seed: 7).GetColumn<uint>("Key"), k => Assert.Equal(3u, k));
        }
        using (var flag = OnnxGenerator.Load(models.Ml, models.Get("mlp-bool").Path))
            Assert.All(flag.Generate(20, (object)true, seed: 7).GetColumn<bool>("Flag"), f => Assert.True(f));
        using (var number = OnnxGenerator.Load(models.Ml, models.Get("mlp-single").Path))
        {
            Assert.All(number.Generate(20, (object)0.6f, seed: 7).GetColumn<float>("Number"), v => Assert.Equal(0.6f, v));
            Assert.All(number.Generate(20, (object)1.1, seed: 7).GetColumn<float>("Number"), v => Assert.Equal(1.1f, v));
            Assert.All(number.Generate(20, "0.1", seed: 7).GetColumn<float>("Number"), v => Assert.Equal(0.1f, v));
        }
        using (var numberKey = OnnxGenerator.Load(models.Ml, models.Get("mlp-singlekey").Path))
            Assert.All(numberKey.Generate(20, (object)0.6f, seed: 7).GetColumn<uint>("NumberKey"), k => Assert.Equal(2u, k));
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        string path = Path.Combine(models.Folder, "missing.onnx");
        var error = Assert.Throws<FileNotFoundException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains(path, error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void AFileThatIsNotAnOnnxModelIsNamed()
    {
        string path = Path.Combine(models.Folder, "not-a-model.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        var error = Assert.Throws<InvalidDataException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void AnOnnxModelWithoutGanMlMetadataIsNamed()
    {
        // The offline FID feature extractor is an ONNX model, but no generator.
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fid", "onnx", "fmnist_cnn64.onnx");
        var error = Assert.Throws<InvalidDataException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("ganml.feature_column", error.Message);
    }

    [Fact]
    public void MetadataThatDoesNotFitTheGraphIsNamed()
    {
        var (gan, _) = models.Get("mlp-none");
        var (conditional, _) = models.Get("mlp-text");
        // An unconditional graph under a conditional generator's metadata: the 'label' input is missing.
        string path = WriteModel(gan, GeneratorOnnxFile.Metadata(conditional).ToDictionary(), "mismatch.onnx");
        var error = Assert.Throws<InvalidDataException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("'label'", error.Message);
        var metadata = GeneratorOnnxFile.Metadata(gan).ToDictionary();
        metadata[GeneratorOnnxMetadata.LatentDimensionKey] = "9";
        path = WriteModel(gan, metadata, "latent.onnx");
        error = Assert.Throws<InvalidDataException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains("[N, 9]", error.Message);
        metadata = GeneratorOnnxFile.Metadata(gan).ToDictionary();
        metadata[GeneratorOnnxMetadata.ValueRangeKey] = "5 1";
        path = WriteModel(gan, metadata, "range.onnx");
        error = Assert.Throws<InvalidDataException>(() => OnnxGenerator.Load(models.Ml, path));
        Assert.Contains(GeneratorOnnxMetadata.ValueRangeKey, error.Message);
    }

    [Fact]
    public void FilesWithoutTheLabelTypeAndClassCountsGiveTextLabelsDrawnUniformly()
    {
        var (gan, _) = models.Get("mlp-key");
        var metadata = GeneratorOnnxFile.Metadata(gan).ToDictionary();
        foreach (var key in new[] { GeneratorOnnxMetadata.ClassCountsKey, GeneratorOnnxMetadata.LabelKindKey, GeneratorOnnxMetadata.LabelTypeKey, GeneratorOnnxMetadata.KeyValueTypeKey })
            Assert.True(metadata.Remove(key), key);
        using var generator = OnnxGenerator.Load(models.Ml, WriteModel(gan, metadata, "older.onnx"));
        Assert.Empty(generator.ClassCounts);
        Assert.Equal(TextDataViewType.Instance, generator.OutputSchema["Key"].Type);
        var labels = generator.Generate(300, seed: 2).GetColumn<string>("Key").ToList();
        Assert.Equal(["Bag", "Coat", "Sneaker"], labels.Distinct().Order());
        Assert.All(generator.Generate(5, "Coat", seed: 2).GetColumn<string>("Key"), l => Assert.Equal("Coat", l));
    }

    [Fact]
    public void BadArgumentsFailWithGanTransformersMessages()
    {
        using var conditional = OnnxGenerator.Load(models.Ml, models.Get("mlp-text").Path);
        var unknown = Assert.Throws<ArgumentException>(() => conditional.Generate(5, "Boot", seed: 1));
        Assert.Equal("label", unknown.ParamName);
        Assert.Contains("'Boot'", unknown.Message);
        Assert.Contains("Known labels: 'Bag', 'Coat', 'Sneaker'", unknown.Message);
        Assert.Throws<ArgumentException>(() => conditional.Generate(5, 3, seed: 1));
        Assert.Throws<ArgumentNullException>(() => conditional.Generate(5, (string)null!, seed: 1));
        Assert.Equal("rowCount", Assert.Throws<ArgumentOutOfRangeException>(() => conditional.Generate(0, seed: 1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => conditional.Generate(-1, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => conditional.Generate(0, "Coat", seed: 1));
        Assert.Throws<ArgumentException>(() => conditional.GeneratePerClass([1, 2], seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => conditional.GeneratePerClass([1, -1, 0], seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => conditional.GeneratePerClass([0, 0, 0], seed: 1));

        using var unconditional = OnnxGenerator.Load(models.Ml, models.Get("mlp-none").Path);
        var error = Assert.Throws<InvalidOperationException>(() => unconditional.Generate(5, "Coat", seed: 1));
        Assert.Contains("unconditional", error.Message);
        Assert.Throws<InvalidOperationException>(() => unconditional.Generate(5, 2));
        Assert.Throws<InvalidOperationException>(() => unconditional.GeneratePerClass([5], seed: 1));
        Assert.Throws<ArgumentNullException>(() => OnnxGenerator.Load(null!, models.Get("mlp-none").Path));

        var view = unconditional.Generate(3, seed: 1);
        unconditional.Dispose();
        unconditional.Dispose();
        Assert.Throws<ObjectDisposedException>(() => unconditional.Generate(3, seed: 1));
        Assert.Equal(3, view.GetColumn<float[]>("Pixels").Count()); // views outlive the session
    }

    private string WriteModel(GanTransformer gan, Dictionary<string, string> metadata, string fileName)
    {
        var graph = new GanMl.Onnx.OnnxGraph();
        gan.Trainer.ExportGenerator(graph, gan.Info.Scaler.Min, gan.Info.Scaler.Max);
        string path = Path.Combine(models.Folder, fileName);
        File.WriteAllBytes(path, graph.ToModel("ganml_generator", metadata, ""));
        return path;
    }

    private static float[] Pixels(IDataView view) => view.GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();

    /// <summary>A column's values boxed (text as string), whatever its raw type.</summary>
    private static List<object> Values(IDataView view, string column)
    {
        var raw = view.Schema[column].Type.RawType;
        if (raw == typeof(uint)) return view.GetColumn<uint>(column).Cast<object>().ToList();
        if (raw == typeof(ReadOnlyMemory<char>)) return view.GetColumn<string>(column).Cast<object>().ToList();
        if (raw == typeof(bool)) return view.GetColumn<bool>(column).Cast<object>().ToList();
        if (raw == typeof(float)) return view.GetColumn<float>(column).Cast<object>().ToList();
        throw new NotSupportedException(raw.Name);
    }

    private static void AssertSameSchema(DataViewSchema expected, DataViewSchema actual)
    {
        Assert.Equal(expected.Select(c => c.Name), actual.Select(c => c.Name));
        foreach (var column in expected)
        {
            var other = actual[column.Name];
            Assert.Equal(column.Index, other.Index);
            Assert.Equal(column.Type, other.Type);
            Assert.Equal(column.Annotations.Schema.Select(a => (a.Name, a.Type)), other.Annotations.Schema.Select(a => (a.Name, a.Type)));
            if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is { } keyValues)
                Assert.Equal(KeyValueTexts(column, keyValues.Type), KeyValueTexts(other, keyValues.Type));
        }
    }

    private static string[] KeyValueTexts(DataViewSchema.Column column, DataViewType type)
    {
        var item = ((VectorDataViewType)type).ItemType.RawType;
        if (item == typeof(ReadOnlyMemory<char>)) { VBuffer<ReadOnlyMemory<char>> v = default; column.GetKeyValues(ref v); return v.DenseValues().Select(x => x.ToString()).ToArray(); }
        if (item == typeof(float)) { VBuffer<float> v = default; column.GetKeyValues(ref v); return v.DenseValues().Select(x => x.ToString("R")).ToArray(); }
        throw new NotSupportedException(item.Name);
    }
}
