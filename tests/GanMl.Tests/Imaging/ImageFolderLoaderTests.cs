using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Imaging;

public class ImageFolderLoaderTests
{
    public sealed class Row
    {
        public float[] Pixels { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = string.Empty;
    }

    [Fact]
    public void GrayscaleRoundTripThroughImageAnalyticsIsExact()
    {
        using var tmp = new TempFolder();
        var ds = IdxReader.Read(TestPaths.TrainImages, TestPaths.TrainLabels, maxRows: 6);
        var classes = new[] { "bag", "coat" };
        var expected = new List<(string Label, float[] Pixels)>();
        for (int i = 0; i < 6; i++)
        {
            var label = classes[i % 2];
            var pixels = ds.GetPixelsAsFloat(i);
            PngWriter.Write(Path.Combine(tmp.Path, label, $"img{i}.png"), pixels, 1, 28, 28);
            expected.Add((label, pixels));
        }
        File.WriteAllText(Path.Combine(tmp.Path, "bag", "notes.txt"), "not an image");
        PngWriter.Write(Path.Combine(tmp.Path, ".hidden", "skip.png"), ds.GetPixelsAsFloat(0), 1, 28, 28);
        Assert.Equal(6, ImageFolderLoader.ListImages(tmp.Path).Count);

        var ml = new MLContext(seed: 1);
        var data = ImageFolderLoader.Load(ml, tmp.Path, new ImageFolderOptions { Width = 28, Height = 28, Grayscale = true });
        var vt = Assert.IsType<VectorDataViewType>(data.Schema["Pixels"].Type);
        Assert.Equal(784, vt.Size);
        Assert.Null(data.Schema.GetColumnOrNull("ImagePath"));
        var rows = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).ToList();

        // Class folders in ordinal order, files in ordinal order within each.
        var ordered = expected.Select((e, i) => (e.Label, e.Pixels, Name: $"img{i}.png"))
            .OrderBy(e => e.Label, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(ordered.Select(o => o.Label), rows.Select(r => r.Label));
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(ordered[i].Pixels, rows[i].Pixels);
    }

    [Fact]
    public void ColorRoundTripGivesPlanarRgbAndResizeChangesSize()
    {
        using var tmp = new TempFolder();
        int h = 6, w = 8, plane = h * w;
        var rng = new Random(5);
        var pixels = Enumerable.Range(0, 3 * plane).Select(_ => (float)rng.Next(256)).ToArray();
        PngWriter.Write(Path.Combine(tmp.Path, "x", "a.png"), pixels, 3, h, w);

        var ml = new MLContext(seed: 1);
        var data = ImageFolderLoader.Load(ml, tmp.Path, new ImageFolderOptions { Width = w, Height = h, Grayscale = false, KeepImagePath = true });
        Assert.Equal(3 * plane, ((VectorDataViewType)data.Schema["Pixels"].Type).Size);
        Assert.NotNull(data.Schema.GetColumnOrNull("ImagePath"));
        var row = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).Single();
        Assert.Equal("x", row.Label);
        Assert.Equal(pixels, row.Pixels);

        var small = ImageFolderLoader.Load(ml, tmp.Path, new ImageFolderOptions { Width = 4, Height = 3, Grayscale = true });
        var smallRow = ml.Data.CreateEnumerable<Row>(small, reuseRowObject: false).Single();
        Assert.Equal(12, smallRow.Pixels.Length);
        Assert.All(smallRow.Pixels, p => Assert.InRange(p, 0f, 255f));
    }

    [Fact]
    public void ClearErrorsForMissingFolderNoClassesAndNoImages()
    {
        using var tmp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var missing = Path.Combine(tmp.Path, "missing");
        var ex1 = Assert.Throws<DirectoryNotFoundException>(() => ImageFolderLoader.Load(ml, missing));
        Assert.Contains(missing, ex1.Message);

        var ex2 = Assert.Throws<InvalidDataException>(() => ImageFolderLoader.Load(ml, tmp.Path));
        Assert.Contains("no class sub-folders", ex2.Message);

        Directory.CreateDirectory(Path.Combine(tmp.Path, "cats"));
        File.WriteAllText(Path.Combine(tmp.Path, "cats", "readme.txt"), "x");
        var ex3 = Assert.Throws<InvalidDataException>(() => ImageFolderLoader.Load(ml, tmp.Path));
        Assert.Contains("no image files", ex3.Message);
    }
}
