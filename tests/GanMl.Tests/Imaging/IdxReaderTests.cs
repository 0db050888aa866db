using System.IO.Compression;
using GanMl.Imaging;
using Xunit;

namespace GanMl.Tests.Imaging;

public class IdxReaderTests
{
    // Reference values computed independently with /usr/bin/python3 (gzip + struct + numpy) from the same files.
    [Fact]
    public void ReadsTrainSubsetWithKnownCountsAndPixelSums()
    {
        var ds = IdxReader.Read(TestPaths.TrainImages, TestPaths.TrainLabels);
        Assert.Equal(5000, ds.RowCount);
        Assert.Equal(28, ds.Height);
        Assert.Equal(28, ds.Width);
        Assert.Equal(784, ds.PixelCount);
        var counts = ds.CountByLabel();
        Assert.Equal(Enumerable.Range(0, 10), counts.Keys);
        Assert.All(counts.Values, c => Assert.Equal(500, c));
        for (int i = 0; i < ds.RowCount; i++)
            Assert.Equal(i % 10, ds.Labels[i]);
        Assert.Equal(84598, PixelSum(ds, 0));
        Assert.Equal(52118, PixelSum(ds, 1));
        Assert.Equal(31795, PixelSum(ds, 4));
        Assert.Equal(48602, PixelSum(ds, 4999));
        long total = 0;
        foreach (var b in ds.Pixels.Span)
            total += b;
        Assert.Equal(287231516L, total);
        Assert.Equal(204, ds.GetPixels(0)[14 * 28 + 14]);
        Assert.Equal(50f, ds.GetPixelsAsFloat(1)[400]);
    }

    [Fact]
    public void ReadsTestSubsetWithKnownPixelSums()
    {
        var ds = IdxReader.Read(TestPaths.TestImages, TestPaths.TestLabels);
        Assert.Equal(1000, ds.RowCount);
        Assert.All(ds.CountByLabel().Values, c => Assert.Equal(100, c));
        Assert.Equal(83873, PixelSum(ds, 0));
        Assert.Equal(51520, PixelSum(ds, 1));
        Assert.Equal(28111, PixelSum(ds, 4));
        Assert.Equal(79746, PixelSum(ds, 999));
    }

    [Fact]
    public void PlainAndGzipGiveTheSameDataRegardlessOfExtension()
    {
        using var tmp = new TempFolder();
        // Misleading names on purpose: detection must use the gzip magic bytes, not the extension.
        var plainImages = tmp.File("images-plain.gz");
        var plainLabels = tmp.File("labels-plain.gz");
        Gunzip(TestPaths.TestImages, plainImages);
        Gunzip(TestPaths.TestLabels, plainLabels);
        var gzImages = tmp.File("images.idx");
        File.Copy(TestPaths.TestImages, gzImages);

        var a = IdxReader.Read(TestPaths.TestImages, TestPaths.TestLabels);
        var b = IdxReader.Read(plainImages, plainLabels);
        var c = IdxReader.Read(gzImages, plainLabels);
        Assert.Equal(a.Labels, b.Labels);
        Assert.True(a.Pixels.Span.SequenceEqual(b.Pixels.Span));
        Assert.True(a.Pixels.Span.SequenceEqual(c.Pixels.Span));
        Assert.Equal(784016, new FileInfo(plainImages).Length);
    }

    [Fact]
    public void TruncatedPlainFileThrowsNamingTheFile()
    {
        using var tmp = new TempFolder();
        var plain = tmp.File("t10k-images.idx");
        Gunzip(TestPaths.TestImages, plain);
        var bytes = File.ReadAllBytes(plain);
        var truncated = tmp.File("truncated-images.idx");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, 16 + 784 * 3 + 100).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(truncated, TestPaths.TestLabels));
        Assert.Contains(truncated, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("1000 images of 28x28", ex.Message);

        var headerOnly = tmp.File("header-only.idx");
        File.WriteAllBytes(headerOnly, bytes.AsSpan(0, 10).ToArray());
        ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(headerOnly, TestPaths.TestLabels));
        Assert.Contains(headerOnly, ex.Message);
        Assert.Contains("header", ex.Message);
    }

    [Fact]
    public void TruncatedGzipFileThrowsNamingTheFile()
    {
        using var tmp = new TempFolder();
        var bytes = File.ReadAllBytes(TestPaths.TestImages);
        var truncated = tmp.File("truncated.gz");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(truncated, TestPaths.TestLabels));
        Assert.Contains(truncated, ex.Message);
    }

    [Fact]
    public void WrongMagicThrowsNamingTheFileAndExpectedMagic()
    {
        // Arguments swapped: the label file is given as the image file.
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(TestPaths.TestLabels, TestPaths.TestImages));
        Assert.Contains(TestPaths.TestImages, ex.Message); // labels are read first: the image file fails the label magic
        Assert.Contains("2049", ex.Message);

        using var tmp = new TempFolder();
        var junk = tmp.File("junk.idx");
        File.WriteAllBytes(junk, new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 });
        var ex2 = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(junk, out _, out _));
        Assert.Contains(junk, ex2.Message);
        Assert.Contains("2051", ex2.Message);
    }

    [Fact]
    public void MismatchedCountsThrowNamingBothFiles()
    {
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(TestPaths.TrainImages, TestPaths.TestLabels));
        Assert.Contains(TestPaths.TrainImages, ex.Message);
        Assert.Contains(TestPaths.TestLabels, ex.Message);
        Assert.Contains("5000", ex.Message);
        Assert.Contains("1000", ex.Message);
    }

    [Fact]
    public void MissingFileThrowsFileNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ganml-no-such-file-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(missing, TestPaths.TestLabels));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public void MaxRowsPerClassTakesTheFirstRowsOfEveryClassInFileOrder()
    {
        // The shipped subset is interleaved (every 10 rows hold each class once), which would hide a reader that takes
        // rows by position. So write a copy whose rows are scrambled by a seeded shuffle, with uneven class runs.
        var source = IdxReader.Read(TestPaths.TestImages, TestPaths.TestLabels);
        var order = Enumerable.Range(0, source.RowCount).ToArray();
        new Random(42).Shuffle(order);
        using var tmp = new TempFolder();
        string images = tmp.File("scrambled-images.idx"), labels = tmp.File("scrambled-labels.idx");
        WriteIdx(source, order, images, labels);

        var ds = IdxReader.Read(images, labels, maxRowsPerClass: 2);
        var expected = order.GroupBy(i => source.Labels[i]).SelectMany(g => g.Take(2)).OrderBy(i => Array.IndexOf(order, i)).ToArray();
        Assert.Equal(20, ds.RowCount);
        Assert.Equal(expected.Select(i => source.Labels[i]), ds.Labels);
        for (int row = 0; row < ds.RowCount; row++)
            Assert.True(ds.GetPixels(row).SequenceEqual(source.GetPixels(expected[row])), $"row {row} has the wrong pixels");
        Assert.NotEqual(Enumerable.Range(0, 20).Select(i => source.Labels[order[i]]), ds.Labels); // the cap really skipped rows

        var limited = IdxReader.Read(images, labels, maxRows: 5, maxRowsPerClass: 2);
        Assert.Equal(ds.Labels.Take(5), limited.Labels);
    }

    /// <summary>Writes <paramref name="source"/>'s rows in <paramref name="order"/> as plain IDX image and label files.</summary>
    private static void WriteIdx(IdxDataset source, int[] order, string imagesPath, string labelsPath)
    {
        static void BigEndian(BinaryWriter w, int value) => w.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value));
        using (var w = new BinaryWriter(File.Create(imagesPath)))
        {
            BigEndian(w, IdxReader.ImagesMagic);
            BigEndian(w, order.Length);
            BigEndian(w, source.Height);
            BigEndian(w, source.Width);
            foreach (int i in order) w.Write(source.GetPixels(i));
        }
        using (var w = new BinaryWriter(File.Create(labelsPath)))
        {
            BigEndian(w, IdxReader.LabelsMagic);
            BigEndian(w, order.Length);
            foreach (int i in order) w.Write(source.Labels[i]);
        }
    }

    [Fact]
    public void ClassNamesAreTheDocumentedOnes()
    {
        Assert.Equal(new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" }, FashionMnist.ClassNames);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Mnist.ClassNames);
    }

    internal static long PixelSum(IdxDataset ds, int row)
    {
        long s = 0;
        foreach (var b in ds.GetPixels(row))
            s += b;
        return s;
    }

    private static void Gunzip(string source, string destination)
    {
        using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
        using var output = File.Create(destination);
        input.CopyTo(output);
    }
}
