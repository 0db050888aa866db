using GanMl.Imaging;

namespace GanMl.Examples;

/// <summary>
/// Writes a 10-column grid of generated images, each enlarged <see cref="DefaultScale"/>× (nearest neighbour) so that it
/// can be judged by eye; for a conditional GAN each column is one class, named in a header above it.
/// </summary>
internal static class SampleGrid
{
    /// <summary>How many screen pixels one image pixel becomes (28 px images become 112 px tiles).</summary>
    public const int DefaultScale = 4;

    /// <summary>The gap between tiles and around the border, in output pixels.</summary>
    public const int Padding = 4;

    public static void Write(GanTransformer gan, string path, int seed, int rowsOfGrid = 8, int scale = DefaultScale)
    {
        var shape = gan.ImageShape ?? throw new InvalidOperationException("The GAN has no ImageShape, so its rows cannot be drawn.");
        int classes = gan.ClassLabels.Count;
        int columns = classes is > 0 and <= 20 ? classes : 10;
        var data = classes > 0 ? gan.GeneratePerClass(Enumerable.Repeat(rowsOfGrid, classes).ToArray(), seed) : gan.Generate(columns * rowsOfGrid, seed: seed);
        var rows = DataViewImageWriter.ReadRows(data, gan.FeatureColumnName);
        // GeneratePerClass groups rows by class; reorder so that every grid row shows one of each class.
        var ordered = classes > 0 ? Enumerable.Range(0, rowsOfGrid).SelectMany(r => Enumerable.Range(0, classes).Select(c => rows[c * rowsOfGrid + r])).ToList() : rows;
        var range = gan.FeatureRange;
        var grid = Render(ordered, shape.Channels, shape.Height, shape.Width, columns, classes is > 0 and <= 20 ? gan.ClassLabels : null, scale, range.Min, range.Max);
        PngWriter.Write(path, grid.Pixels, shape.Channels, grid.Height, grid.Width, range.Min, range.Max);
    }

    /// <summary>
    /// Lays tiles out row-major in <paramref name="columns"/> columns, each pixel enlarged to a <paramref name="scale"/>×<paramref name="scale"/>
    /// block, with <see cref="Padding"/> pixels of <paramref name="minValue"/> (black) between tiles and, when
    /// <paramref name="headers"/> are given (one per column), their text in black on a white band above the first row.
    /// </summary>
    /// <returns>The grid as one planar C×H×W image in the tiles' value range.</returns>
    public static GridImage Render(IReadOnlyList<float[]> tiles, int channels, int height, int width, int columns, IReadOnlyList<string>? headers,
        int scale, float minValue, float maxValue)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0) throw new ArgumentException("The grid needs at least one image.", nameof(tiles));
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (headers is not null && headers.Count != columns) throw new ArgumentException($"{headers.Count} headers for {columns} columns.", nameof(headers));
        int tileWidth = width * scale, tileHeight = height * scale;
        int cols = Math.Min(columns, tiles.Count), gridRows = (tiles.Count + columns - 1) / columns;
        (IReadOnlyList<IReadOnlyList<(int X, int Y)>> Columns, int Height)? header = headers is null ? null : BitmapFont.Layout(headers, tileWidth);
        int headerHeight = header is null ? 0 : header.Value.Height + Padding;
        int gridWidth = cols * tileWidth + (cols + 1) * Padding;
        int gridHeight = headerHeight + gridRows * tileHeight + (gridRows + 1) * Padding;
        int plane = gridWidth * gridHeight;
        var pixels = new float[channels * plane];
        Array.Fill(pixels, minValue);
        if (header is { } text)
        {
            // A white band with black text, the same in every channel.
            for (int c = 0; c < channels; c++)
                Array.Fill(pixels, maxValue, c * plane, headerHeight * gridWidth);
            for (int column = 0; column < cols; column++)
            {
                int x0 = Padding + column * (tileWidth + Padding);
                foreach (var (x, y) in text.Columns[column])
                    for (int c = 0; c < channels; c++)
                        pixels[c * plane + (Padding / 2 + y) * gridWidth + x0 + x] = minValue;
            }
        }
        int source = height * width;
        for (int k = 0; k < tiles.Count; k++)
        {
            var tile = tiles[k] ?? throw new ArgumentException($"Image {k} is null.", nameof(tiles));
            if (tile.Length != channels * source) throw new ArgumentException($"Image {k} has {tile.Length} values, not {channels}×{height}×{width}.", nameof(tiles));
            int x0 = Padding + (k % columns) * (tileWidth + Padding);
            int y0 = headerHeight + Padding + (k / columns) * (tileHeight + Padding);
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < tileHeight; y++)
                {
                    int from = c * source + (y / scale) * width, to = c * plane + (y0 + y) * gridWidth + x0;
                    for (int x = 0; x < tileWidth; x++) pixels[to + x] = tile[from + x / scale];
                }
        }
        return new GridImage(pixels, gridWidth, gridHeight, headerHeight);
    }
}

/// <summary>A rendered grid: planar C×H×W pixels, its size, and the height of the header band (0 without headers).</summary>
internal sealed record GridImage(float[] Pixels, int Width, int Height, int HeaderHeight);

/// <summary>
/// A 5×7 upper-case bitmap font (A–Z, 0–9 and a few signs; other characters draw as '?'), enough for class names
/// without a font file or text shaping.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7;

    /// <summary>The "on" pixels of every column's text, wrapped to <paramref name="width"/> pixels, and the height of the tallest.</summary>
    /// <remarks>Text is drawn twice as large when every name fits at that size (breaking after spaces, '/' and '-'), else at 1×.</remarks>
    public static (IReadOnlyList<IReadOnlyList<(int X, int Y)>> Columns, int Height) Layout(IReadOnlyList<string> texts, int width)
    {
        int PerLine(int s) => Math.Max(1, (width + s) / Advance(s)); // the last glyph needs no gap after it
        int scale = texts.All(t => Wrap(t, PerLine(2)) is { Count: <= 2 } l && l.All(line => line.Length <= PerLine(2))) ? 2 : 1;
        int perLine = PerLine(scale);
        var columns = new List<IReadOnlyList<(int, int)>>();
        int lines = 1;
        foreach (var text in texts)
        {
            var wrapped = Wrap(text, perLine);
            lines = Math.Max(lines, wrapped.Count);
            var on = new List<(int, int)>();
            for (int l = 0; l < wrapped.Count; l++)
            {
                string line = wrapped[l].Length > perLine ? wrapped[l][..perLine] : wrapped[l];
                int left = Math.Max(0, (width - (line.Length * Advance(scale) - scale)) / 2); // centred over the column
                for (int i = 0; i < line.Length; i++)
                {
                    var glyph = Glyph(line[i]);
                    for (int gy = 0; gy < GlyphHeight; gy++)
                        for (int gx = 0; gx < GlyphWidth; gx++)
                        {
                            if (glyph[gy * GlyphWidth + gx] != '#') continue;
                            for (int sy = 0; sy < scale; sy++)
                                for (int sx = 0; sx < scale; sx++)
                                    on.Add((left + i * Advance(scale) + gx * scale + sx, l * LineHeight(scale) + gy * scale + sy));
                        }
                }
            }
            columns.Add(on);
        }
        return (columns, lines * LineHeight(scale));
    }

    private static int Advance(int scale) => (GlyphWidth + 1) * scale;

    private static int LineHeight(int scale) => (GlyphHeight + 2) * scale;

    /// <summary>Greedy word wrap: lines of at most <paramref name="perLine"/> characters, broken after ' ', '/' or '-' where possible.</summary>
    internal static List<string> Wrap(string text, int perLine)
    {
        var lines = new List<string>();
        string rest = text.Trim().ToUpperInvariant();
        while (rest.Length > perLine)
        {
            int cut = perLine;
            if (rest[perLine] != ' ')
            {
                int at = rest.LastIndexOfAny([' ', '/', '-'], perLine - 1);
                if (at > 0) cut = rest[at] == ' ' ? at : at + 1;
            }
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        lines.Add(rest);
        return lines;
    }

    private static string Glyph(char c) => Glyphs.TryGetValue(c, out var g) ? g : Glyphs['?'];

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['A'] = ".###.#...##...#######...##...##...#", ['B'] = "####.#...##...#####.#...##...#####.",
        ['C'] = ".###.#...##....#....#....#...#.###.", ['D'] = "####.#...##...##...##...##...#####.",
        ['E'] = "######....#....####.#....#....#####", ['F'] = "######....#....####.#....#....#....",
        ['G'] = ".###.#...##....#.####...##...#.####", ['H'] = "#...##...##...#######...##...##...#",
        ['I'] = ".###...#....#....#....#....#...###.", ['J'] = "..###...#....#....#....#.#..#..##..",
        ['K'] = "#...##..#.#.#..##...#.#..#..#.#...#", ['L'] = "#....#....#....#....#....#....#####",
        ['M'] = "#...###.###.#.##.#.##...##...##...#", ['N'] = "#...##...###..##.#.##..###...##...#",
        ['O'] = ".###.#...##...##...##...##...#.###.", ['P'] = "####.#...##...#####.#....#....#....",
        ['Q'] = ".###.#...##...##...##.#.##..#..##.#", ['R'] = "####.#...##...#####.#.#..#..#.#...#",
        ['S'] = ".#####....#.....###.....#....#####.", ['T'] = "#####..#....#....#....#....#....#..",
        ['U'] = "#...##...##...##...##...##...#.###.", ['V'] = "#...##...##...##...##...#.#.#...#..",
        ['W'] = "#...##...##...##.#.##.#.##.#.#.#.#.", ['X'] = "#...##...#.#.#...#...#.#.#...##...#",
        ['Y'] = "#...##...#.#.#...#....#....#....#..", ['Z'] = "#####....#...#...#...#...#....#####",
        ['0'] = ".###.#...##..###.#.###..##...#.###.", ['1'] = "..#...##....#....#....#....#...###.",
        ['2'] = ".###.#...#....#...#...#...#...#####", ['3'] = "####.....#....#.###.....#....#####.",
        ['4'] = "...#...##..#.#.#..#.#####...#....#.", ['5'] = "######....####.....#....##...#.###.",
        ['6'] = ".###.#....#....####.#...##...#.###.", ['7'] = "#####....#...#...#...#....#....#...",
        ['8'] = ".###.#...##...#.###.#...##...#.###.", ['9'] = ".###.#...##...#.####....#....#.###.",
        ['/'] = "....#....#...#...#...#...#....#....", ['-'] = "...............#####...............",
        ['.'] = ".........................##...##...", ['_'] = "..............................#####",
        ['('] = "...#...#...#....#....#.....#.....#.", [')'] = ".#.....#.....#....#....#...#...#...",
        ['?'] = ".###.#...#....#...#...#.........#..", [' '] = "...................................",
        ['+'] = ".......#....#..#####..#....#.......", [':'] = "......##...##.........##...##......",
    };
}
