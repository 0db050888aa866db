using GanMl.Imaging;
using Microsoft.ML;
using Xunit;

namespace GanMl.Tests.Imaging;

public class PngWriterTests
{
    private static float[] RandomRow(int length, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)rng.Next(0, 256)).ToArray();
    }

    [Fact]
    public void GrayscaleRoundTripIsExact()
    {
        using var tmp = new TempFolder();
        var row = RandomRow(5 * 7, 1);
        var path = tmp.File("g.png");
        PngWriter.Write(path, row, channels: 1, height: 5, width: 7);
        var (w, h, colorType) = PngTestUtil.ReadHeader(path);
        Assert.Equal((7, 5), (w, h));
        Assert.Equal(0, colorType); // PNG colour type 0 = grayscale
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        for (int i = 0; i < row.Length; i++)
        {
            Assert.Equal((byte)row[i], rgba[i * 4]);
            Assert.Equal((byte)row[i], rgba[i * 4 + 1]);
            Assert.Equal(255, rgba[i * 4 + 3]);
        }
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public void RgbPlanarRowBecomesInterleavedPixels()
    {
        using var tmp = new TempFolder();
        int h = 3, wd = 4, plane = h * wd;
        var row = RandomRow(3 * plane, 2);
        var path = tmp.File("c.png");
        PngWriter.Write(path, row, channels: 3, height: h, width: wd);
        var (w, hh, colorType) = PngTestUtil.ReadHeader(path);
        Assert.Equal((4, 3), (w, hh));
        Assert.True(colorType is 2 or 6, $"colour type {colorType} is not RGB(A)");
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        for (int i = 0; i < plane; i++)
        {
            Assert.Equal((byte)row[i], rgba[i * 4]);
            Assert.Equal((byte)row[plane + i], rgba[i * 4 + 1]);
            Assert.Equal((byte)row[2 * plane + i], rgba[i * 4 + 2]);
        }
    }

    [Fact]
    public void ValueRangeIsMappedAndClamped()
    {
        using var tmp = new TempFolder();
        var row = new[] { -1f, 1f, 0f, -5f, 7f, float.NaN, 0.5f, -0.5f };
        var path = tmp.File("tanh.png");
        PngWriter.Write(path, row, 1, 1, row.Length, minValue: -1f, maxValue: 1f);
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        var gray = Enumerable.Range(0, row.Length).Select(i => rgba[i * 4]).ToArray();
        // (v+1)/2*255 rounded half away from zero: 0, 255, 127.5->128, clamp 0, clamp 255, NaN->0, 191.25->191, 63.75->64
        Assert.Equal(new byte[] { 0, 255, 128, 0, 255, 0, 191, 64 }, gray);
    }

    [Fact]
    public void WrongLengthThrowsAndKeepsExistingFile()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("keep.png");
        PngWriter.Write(path, RandomRow(784, 3), 1, 28, 28);
        var before = File.ReadAllBytes(path);
        var ex = Assert.Throws<ArgumentException>(() => PngWriter.Write(path, new float[783], 1, 28, 28));
        Assert.Contains("783", ex.Message);
        Assert.Contains("784", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Write(path, new float[784 * 2], 2, 28, 28));
        Assert.Throws<ArgumentException>(() => PngWriter.Write(path, new float[784], 1, 28, 28, minValue: 1, maxValue: 1));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void GridHasExpectedSizeTilesAndPadding()
    {
        using var tmp = new TempFolder();
        int h = 4, w = 5, pad = 2, cols = 3;
        var rows = Enumerable.Range(0, 7).Select(k => Enumerable.Repeat((float)(30 * (k + 1)), h * w).ToArray()).ToList();
        var path = tmp.File("grid.png");
        ImageGrid.Write(path, rows, 1, h, w, columns: cols, padding: pad, paddingValue: 7);
        var expectedWidth = cols * w + (cols + 1) * pad;     // 3*5 + 4*2 = 23
        var expectedHeight = 3 * h + 4 * pad;                // 3 rows of tiles: 3*4 + 4*2 = 20
        Assert.Equal((expectedWidth, expectedHeight), ImageGrid.GetGridSize(7, h, w, cols, pad));
        var (gw, gh, _) = PngTestUtil.ReadHeader(path);
        Assert.Equal((23, 20), (gw, gh));
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        byte At(int x, int y) => rgba[(y * gw + x) * 4];
        Assert.Equal(7, At(0, 0));
        for (int k = 0; k < 7; k++)
        {
            int x0 = pad + (k % cols) * (w + pad), y0 = pad + (k / cols) * (h + pad);
            Assert.Equal(30 * (k + 1), At(x0, y0));
            Assert.Equal(30 * (k + 1), At(x0 + w - 1, y0 + h - 1));
            Assert.Equal(7, At(x0 + w, y0)); // padding right of the tile
        }
        // Empty cells after the 7th tile stay padding-coloured.
        Assert.Equal(7, At(pad + 2 * (w + pad), pad + 2 * (h + pad)));
        // Fewer images than columns shrink the grid.
        Assert.Equal((2 * w + 3 * pad, h + 2 * pad), ImageGrid.GetGridSize(2, h, w, 10, pad));
    }

    [Fact]
    public void DataViewRowsAreWrittenAsFilesAndGrid()
    {
        using var tmp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var data = IdxDataLoader.Load(ml, TestPaths.TrainImages, TestPaths.TrainLabels, new IdxLoadOptions { MaxRows = 12 });
        var ds = IdxReader.Read(TestPaths.TrainImages, TestPaths.TrainLabels, maxRows: 12);
        var files = DataViewImageWriter.WriteImages(data, "Pixels", Path.Combine(tmp.Path, "rows"), 1, 28, 28, maxRows: 5, filePrefix: "fm");
        Assert.Equal(5, files.Count);
        Assert.EndsWith("fm00004.png", files[4]);
        for (int r = 0; r < 5; r++)
        {
            var (_, _, rgba) = PngTestUtil.DecodeRgba(files[r]);
            var expected = ds.GetPixels(r);
            for (int i = 0; i < 784; i++)
                Assert.Equal(expected[i], rgba[i * 4]);
        }
        var grid = tmp.File("grid.png");
        Assert.Equal(12, DataViewImageWriter.WriteGrid(data, "Pixels", grid, 1, 28, 28, columns: 5, padding: 1));
        Assert.Equal((5 * 28 + 6, 3 * 28 + 4, 0), PngTestUtil.ReadHeader(grid));
        var ex = Assert.Throws<ArgumentException>(() => DataViewImageWriter.WriteGrid(data, "Label", grid, 1, 28, 28));
        Assert.Contains("Label", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => DataViewImageWriter.WriteImages(data, "Pixels", tmp.Path, 1, 20, 20));
        Assert.Contains("784", ex.Message);
    }
}
