using GanMl.Examples;
using Xunit;

namespace GanMl.Tests.Examples;

/// <summary>The sample grid: enlarged tiles (nearest neighbour), padding and the class-name header band.</summary>
public class SampleGridTests
{
    private static float[] Tile(params float[] values) => values;

    [Fact]
    public void TilesAreEnlargedByNearestNeighbourAndPadded()
    {
        // Three 2×2 grayscale tiles in two columns, 3× enlarged, no headers.
        var tiles = new[] { Tile(10, 20, 30, 40), Tile(50, 60, 70, 80), Tile(90, 100, 110, 120) };
        var grid = SampleGrid.Render(tiles, channels: 1, height: 2, width: 2, columns: 2, headers: null, scale: 3, minValue: 0, maxValue: 255);
        int p = SampleGrid.Padding;
        Assert.Equal(2 * 6 + 3 * p, grid.Width);
        Assert.Equal(2 * 6 + 3 * p, grid.Height);
        Assert.Equal(0, grid.HeaderHeight);
        Assert.Equal(grid.Width * grid.Height, grid.Pixels.Length);
        float At(int x, int y) => grid.Pixels[y * grid.Width + x];
        // Every source pixel becomes a 3×3 block: tile 0 at (p, p), tile 1 right of it, tile 2 below.
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 6; x++)
            {
                Assert.Equal(tiles[0][(y / 3) * 2 + x / 3], At(p + x, p + y));
                Assert.Equal(tiles[1][(y / 3) * 2 + x / 3], At(2 * p + 6 + x, p + y));
                Assert.Equal(tiles[2][(y / 3) * 2 + x / 3], At(p + x, 2 * p + 6 + y));
            }
        Assert.Equal(0, At(0, 0));                  // border
        Assert.Equal(0, At(p + 6, p));              // gap between columns
        Assert.Equal(0, At(2 * p + 6, 2 * p + 6));  // the empty fourth cell
    }

    [Fact]
    public void HeadersNameEachColumnInABandAboveTheTiles()
    {
        var tiles = Enumerable.Range(0, 4).Select(_ => Enumerable.Repeat(128f, 3 * 28 * 28).ToArray()).ToList();
        var grid = SampleGrid.Render(tiles, channels: 3, height: 28, width: 28, columns: 2, headers: ["Bag", "T-shirt/top"], scale: SampleGrid.DefaultScale, minValue: 0, maxValue: 255);
        int p = SampleGrid.Padding, tile = 28 * SampleGrid.DefaultScale;
        Assert.True(SampleGrid.DefaultScale >= 3);
        Assert.Equal(2 * tile + 3 * p, grid.Width);
        Assert.True(grid.HeaderHeight >= 7, $"header band of {grid.HeaderHeight} px");
        Assert.Equal(grid.HeaderHeight + 2 * tile + 3 * p, grid.Height);
        int plane = grid.Width * grid.Height;
        Assert.Equal(3 * plane, grid.Pixels.Length);
        // Each column's header has black text on white, in every channel; the tiles below are untouched.
        for (int column = 0; column < 2; column++)
        {
            int x0 = p + column * (tile + p);
            var band = Enumerable.Range(0, grid.HeaderHeight).SelectMany(y => Enumerable.Range(x0, tile).Select(x => y * grid.Width + x)).ToList();
            int ink = band.Count(i => grid.Pixels[i] == 0);
            Assert.InRange(ink, 10, band.Count / 2);
            Assert.All(band, i => Assert.True(grid.Pixels[i] is 0 or 255));
            Assert.All(band, i => Assert.Equal(grid.Pixels[i], grid.Pixels[2 * plane + i]));
        }
        Assert.Equal(128, grid.Pixels[(grid.HeaderHeight + p) * grid.Width + p]);
        Assert.Equal(128, grid.Pixels[2 * plane + (grid.Height - p - 1) * grid.Width + grid.Width - p - 1]);
    }

    [Theory]
    [InlineData("T-shirt/top", 9, new[] { "T-SHIRT/", "TOP" })]
    [InlineData("Ankle boot", 9, new[] { "ANKLE", "BOOT" })]
    [InlineData("Pullover", 9, new[] { "PULLOVER" })]
    [InlineData("abcdefghijk", 4, new[] { "ABCD", "EFGH", "IJK" })]
    public void LongNamesWrapAfterSpacesAndSlashes(string text, int perLine, string[] expected) =>
        Assert.Equal(expected, BitmapFont.Wrap(text, perLine));

    [Fact]
    public void BadInputsAreRejected()
    {
        var tiles = new[] { Tile(1, 2, 3, 4) };
        Assert.Throws<ArgumentException>(() => SampleGrid.Render(tiles, 1, 2, 3, 1, null, 3, 0, 255));
        Assert.Throws<ArgumentException>(() => SampleGrid.Render(tiles, 1, 2, 2, 2, ["one"], 3, 0, 255));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleGrid.Render(tiles, 1, 2, 2, 1, null, 0, 0, 255));
    }
}
