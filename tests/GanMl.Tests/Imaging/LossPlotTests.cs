using GanMl.Imaging;
using Xunit;

namespace GanMl.Tests.Imaging;

public class LossPlotTests
{
    [Fact]
    public void SavesARealPlotAsPngOfTheRequestedSize()
    {
        using var tmp = new TempFolder();
        int n = 30;
        var d = Enumerable.Range(0, n).Select(i => 1.4 - 0.02 * i + 0.05 * Math.Sin(i)).ToArray();
        var g = Enumerable.Range(0, n).Select(i => 0.7 + 0.03 * i).ToArray();
        var path = tmp.File("loss.png");
        LossPlot.Save(path, d, g, new LossPlotOptions
        {
            Width = 640,
            Height = 400,
            ExtraSeries = new Dictionary<string, IReadOnlyList<double>>
            {
                ["D(x)"] = Enumerable.Range(0, n).Select(i => 0.5 + 0.01 * i).ToArray(),
                ["D(G(z))"] = Enumerable.Range(0, n).Select(i => 0.5 - 0.01 * i).ToArray(),
            },
        });
        var (w, h, _) = PngTestUtil.ReadHeader(path);
        Assert.Equal((640, 400), (w, h));
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        // A real plot: white background plus many other colours, including the discriminator series blue (#1f77b4) and generator orange (#ff7f0e).
        var colours = new HashSet<int>();
        bool blue = false, orange = false;
        int white = 0;
        for (int i = 0; i < rgba.Length; i += 4)
        {
            int r = rgba[i], gg = rgba[i + 1], b = rgba[i + 2];
            colours.Add((r << 16) | (gg << 8) | b);
            if (r == 255 && gg == 255 && b == 255)
                white++;
            blue |= Math.Abs(r - 0x1f) < 6 && Math.Abs(gg - 0x77) < 6 && Math.Abs(b - 0xb4) < 6;
            orange |= Math.Abs(r - 0xff) < 6 && Math.Abs(gg - 0x7f) < 6 && Math.Abs(b - 0x0e) < 6;
        }
        Assert.True(white > w * h / 2, "the background should be mostly white");
        Assert.True(colours.Count > 20, $"only {colours.Count} colours: not a real plot");
        Assert.True(blue, "no discriminator-blue pixels");
        Assert.True(orange, "no generator-orange pixels");
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public void MissingFontFallsBackInsteadOfThrowing()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("nofont.png");
        LossPlot.Save(path, new[] { 1.0, 0.8, 0.9 }, new[] { 0.5, 0.7, 0.6 }, new LossPlotOptions
        {
            FontFamily = "No Such Font Family 7f3a",
            X = new[] { 100.0, 200.0, 300.0 },
            XAxisTitle = "Step",
            Width = 320,
            Height = 240,
        });
        Assert.Equal((320, 240), (PngTestUtil.ReadHeader(path).Width, PngTestUtil.ReadHeader(path).Height));
    }

    [Fact]
    public void MismatchedLengthsThrowAndKeepExistingFile()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("loss.png");
        LossPlot.Save(path, new[] { 1.0, 0.9 }, new[] { 0.5, 0.6 });
        var before = File.ReadAllBytes(path);
        var ex = Assert.Throws<ArgumentException>(() => LossPlot.Save(path, new[] { 1.0, 2.0 }, new[] { 1.0 }));
        Assert.Contains("1 values", ex.Message);
        Assert.Throws<ArgumentException>(() => LossPlot.Save(path, new[] { 1.0 }, new[] { 1.0 }, new LossPlotOptions { X = new[] { 1.0, 2.0 } }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal((800, 500, PngTestUtil.ReadHeader(path).ColorType), PngTestUtil.ReadHeader(path));
    }
}
