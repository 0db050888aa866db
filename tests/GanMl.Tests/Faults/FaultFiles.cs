using System.IO.Compression;
using System.Text.Json.Nodes;
using GanMl.Imaging;
using GanMl.Metrics;
using GanMl.Tests.Imaging;
using GanMl.Tests.MLNet;
using GanMl.Torch;
using Microsoft.ML;

namespace GanMl.Tests.Faults;

/// <summary>
/// Small valid files written once per test class (a tiny trained GAN, an .npz, a pair of IDX files, an image folder)
/// and helpers that derive corrupted copies of them.
/// </summary>
public sealed class FaultFiles : IDisposable
{
    private readonly TempFolder _folder = new();

    public FaultFiles()
    {
        Ml = new MLContext(seed: 1);
        Data = TestData.Load(Ml, TestData.Rows(20));
        Gan = Ml.Transforms.TrainGan(Options()).Fit(Data);
        UnconditionalGan = Ml.Transforms.TrainGan(Options(label: null)).Fit(Data);
        ModelPath = File("model.ganml");
        Gan.Save(ModelPath);
        TinyModelPath = File("tiny.ganml");
        using (var tiny = TinyGan()) tiny.Save(TinyModelPath);

        NpzPath = File("stats.npz");
        var random = new Random(3);
        FeatureStatistics.FromFeatures(Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 6).Select(_ => (float)random.NextDouble()).ToArray()).ToArray()).SaveNpz(NpzPath);

        // 20 shipped Fashion-MNIST images cropped to 8x8, as plain and gzip IDX files.
        var subset = IdxReader.Read(TestPaths.TrainImages, TestPaths.TrainLabels, maxRows: 20);
        IdxImages = Idx.Images(Enumerable.Range(0, subset.RowCount).Select(i => Idx.Crop(subset.GetPixels(i).ToArray(), 28, 8)).ToArray(), 8, 8);
        IdxLabels = Idx.Labels(subset.Labels);
        IdxImagesPath = File("images-idx3-ubyte");
        IdxLabelsPath = File("labels-idx1-ubyte");
        System.IO.File.WriteAllBytes(IdxImagesPath, IdxImages);
        System.IO.File.WriteAllBytes(IdxLabelsPath, IdxLabels);
        IdxImagesGzPath = File("images-idx3-ubyte.gz");
        System.IO.File.WriteAllBytes(IdxImagesGzPath, Idx.Gzip(IdxImages));

        ImageFolder = File("images");
        for (int i = 0; i < 4; i++)
            PngWriter.Write(Path.Combine(ImageFolder, i % 2 == 0 ? "bag" : "coat", $"img{i}.png"), subset.GetPixelsAsFloat(i), 1, 28, 28);
    }

    public MLContext Ml { get; }
    public IDataView Data { get; }
    /// <summary>Conditional MLP GAN, 1 epoch on 20 rows of <see cref="TestData"/> (labels Bag, Coat, Sneaker).</summary>
    public GanTransformer Gan { get; }
    public GanTransformer UnconditionalGan { get; }
    public string ModelPath { get; }
    /// <summary>A conditional GAN with 8-unit layers (a few KB), for fuzzing.</summary>
    public string TinyModelPath { get; }
    public string NpzPath { get; }
    public byte[] IdxImages { get; }
    public byte[] IdxLabels { get; }
    public string IdxImagesPath { get; }
    public string IdxLabelsPath { get; }
    public string IdxImagesGzPath { get; }
    public string ImageFolder { get; }

    /// <summary>Every file above: no failing call may change them.</summary>
    public IEnumerable<string> SharedFiles =>
        new[] { ModelPath, TinyModelPath, NpzPath, IdxImagesPath, IdxLabelsPath, IdxImagesGzPath }.Concat(Directory.GetFiles(ImageFolder, "*", SearchOption.AllDirectories));

    public static GanOptions Options(string? label = "Label") => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = label, MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 1, BatchSize = 10, Seed = 4,
    };

    /// <summary>A fresh path in the temporary folder.</summary>
    public string File(string name) => _folder.File(name);

    /// <summary>Writes <paramref name="bytes"/> to a new file and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Copies a zip entry by entry; <paramref name="edit"/> may change an entry's bytes or drop it (null).</summary>
    public static byte[] RewriteZip(byte[] zip, Func<string, byte[], byte[]?> edit)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var s = entry.Open()) s.CopyTo(content);
                if (edit(entry.FullName, content.ToArray()) is not { } bytes) continue;
                using var t = target.CreateEntry(entry.FullName).Open();
                t.Write(bytes);
            }
        }
        return output.ToArray();
    }

    /// <summary>The model zip with its manifest edited as JSON.</summary>
    public static byte[] EditManifest(byte[] zip, Action<JsonNode> edit) => RewriteZip(zip, (name, bytes) =>
    {
        if (name != "manifest.json") return bytes;
        var json = JsonNode.Parse(bytes)!;
        edit(json);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    });

    /// <summary>A conditional 16-value GAN with one 8-unit layer per network, trained on one batch of 20 rows: a small file.</summary>
    private static GanTransformer TinyGan()
    {
        var spec = new GanNetworkSpec { FeatureSize = 16, LatentDimension = 4, ClassCount = 2, GeneratorHiddenLayers = [8], DiscriminatorHiddenLayers = [8] };
        var trainer = new GanTrainer(spec, new GanTrainingOptions { BatchSize = 20, Seed = 2 });
        var random = new Random(2);
        var rows = Enumerable.Range(0, 20 * 16).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
        trainer.TrainEpoch([new GanBatch(rows, Enumerable.Range(0, 20).Select(i => (long)(i % 2)).ToArray(), 20)]);
        var labels = LabelCodec.FromDistinctValues("Label", LabelKind.Text, Microsoft.ML.Data.TextDataViewType.Instance, ["a", "b"]);
        return new GanTransformer(trainer, new GanModelInfo("Features", new FeatureScaler(0, 1), labels, [10, 10]), []);
    }

    public void Dispose()
    {
        Gan.Dispose();
        UnconditionalGan.Dispose();
        _folder.Dispose();
    }
}

/// <summary>Writes IDX files.</summary>
internal static class Idx
{
    public static byte[] Images(byte[][] images, int height, int width)
    {
        var bytes = new byte[16 + images.Length * height * width];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.ImagesMagic);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), images.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        for (int i = 0; i < images.Length; i++) images[i].CopyTo(bytes, 16 + i * height * width);
        return bytes;
    }

    public static byte[] Labels(byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelsMagic);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>The centre <paramref name="side"/>×<paramref name="side"/> crop of a square image.</summary>
    public static byte[] Crop(byte[] image, int from, int side)
    {
        int offset = (from - side) / 2;
        var crop = new byte[side * side];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) crop[y * side + x] = image[(y + offset) * from + x + offset];
        return crop;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
