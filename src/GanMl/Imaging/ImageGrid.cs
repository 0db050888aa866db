namespace GanMl.Imaging;

/// <summary>Writes many pixel rows as one PNG grid image.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Computes the size of a grid image.
    /// </summary>
    /// <param name="count">The number of tiles.</param>
    /// <param name="height">The tile height.</param>
    /// <param name="width">The tile width.</param>
    /// <param name="columns">The number of columns (fewer are used when <paramref name="count"/> is smaller).</param>
    /// <param name="padding">The padding between tiles and around the border, in pixels.</param>
    /// <returns>The grid width and height in pixels.</returns>
    public static (int Width, int Height) GetGridSize(int count, int height, int width, int columns, int padding)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The grid needs at least one image.");
        if (columns <= 0)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "Columns must be positive.");
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be non-negative.");
        int cols = Math.Min(columns, count);
        int rows = (count + columns - 1) / columns;
        return (cols * width + (cols + 1) * padding, rows * height + (rows + 1) * padding);
    }

    /// <summary>
    /// Writes rows as one PNG grid, row-major (left to right, then top to bottom), with <paramref name="padding"/> pixels between
    /// tiles and around the border. The file is written atomically (temporary file, then rename).
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="rows">The pixel rows, each planar C×H×W.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The tile height.</param>
    /// <param name="width">The tile width.</param>
    /// <param name="columns">The number of grid columns.</param>
    /// <param name="padding">The padding in pixels.</param>
    /// <param name="minValue">The value that maps to 0.</param>
    /// <param name="maxValue">The value that maps to 255.</param>
    /// <param name="paddingValue">The byte value (0..255) of the padding pixels.</param>
    public static void Write(string path, IReadOnlyList<float[]> rows, int channels, int height, int width, int columns = 10, int padding = 2,
        float minValue = 0f, float maxValue = 255f, byte paddingValue = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var png = Encode(rows, channels, height, width, columns, padding, minValue, maxValue, paddingValue);
        GanMl.IO.AtomicFile.WriteAllBytes(path, png);
    }

    /// <summary>Encodes rows as one PNG grid (see <see cref="Write"/>).</summary>
    /// <param name="rows">The pixel rows, each planar C×H×W.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The tile height.</param>
    /// <param name="width">The tile width.</param>
    /// <param name="columns">The number of grid columns.</param>
    /// <param name="padding">The padding in pixels.</param>
    /// <param name="minValue">The value that maps to 0.</param>
    /// <param name="maxValue">The value that maps to 255.</param>
    /// <param name="paddingValue">The byte value (0..255) of the padding pixels.</param>
    /// <returns>The PNG file contents.</returns>
    public static byte[] Encode(IReadOnlyList<float[]> rows, int channels, int height, int width, int columns = 10, int padding = 2,
        float minValue = 0f, float maxValue = 255f, byte paddingValue = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        PngWriter.CheckRange(minValue, maxValue);
        var (gridWidth, gridHeight) = GetGridSize(rows.Count, height, width, columns, padding);
        var bytes = new byte[(long)gridWidth * gridHeight * channels];
        Array.Fill(bytes, paddingValue);
        int plane = height * width;
        for (int k = 0; k < rows.Count; k++)
        {
            var row = rows[k] ?? throw new ArgumentException($"Row {k} is null.", nameof(rows));
            PngWriter.CheckShape(row.Length, channels, height, width, $"{nameof(rows)}[{k}]");
            int x0 = padding + (k % columns) * (width + padding);
            int y0 = padding + (k / columns) * (height + padding);
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        long dst = (((long)(y0 + y) * gridWidth) + x0 + x) * channels + c;
                        bytes[dst] = PngWriter.ToByte(row[c * plane + y * width + x], minValue, maxValue);
                    }
                }
            }
        }
        return PngWriter.EncodeInterleaved(bytes, channels, gridHeight, gridWidth);
    }
}
