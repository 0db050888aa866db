using GanMl.Imaging;
using Xunit;

namespace GanMl.Tests.Imaging;

public class MetricPlotTests
{
    [Fact]
    public void SavesTheMetricAsABlueLineOnWhite()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("fid.png");
        MetricPlot.Save(path, [5, 10, 15, 20], [80.5, 42.1, 30.7, 28.9], "FID vs epoch", "FID");
        var (w, h, _) = PngTestUtil.ReadHeader(path);
        Assert.Equal((800, 500), (w, h));
        var (_, _, rgba) = PngTestUtil.DecodeRgba(path);
        int blue = 0;
        for (int i = 0; i < rgba.Length; i += 4)
            if (Math.Abs(rgba[i] - 0x1f) < 6 && Math.Abs(rgba[i + 1] - 0x77) < 6 && Math.Abs(rgba[i + 2] - 0xb4) < 6) blue++;
        Assert.True(blue > 200, $"only {blue} pixels of the series colour");
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        using var tmp = new TempFolder();
        Assert.Throws<ArgumentException>(() => MetricPlot.Save(tmp.File("x.png"), [1, 2], [3.0], "t", "v"));
        Assert.Throws<ArgumentException>(() => MetricPlot.Save(tmp.File("x.png"), [], [], "t", "v"));
    }
}
