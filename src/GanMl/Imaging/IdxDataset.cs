namespace GanMl.Imaging;

/// <summary>
/// Images and labels read from a pair of IDX files (the MNIST / Fashion-MNIST format).
/// </summary>
public sealed class IdxDataset
{
    private readonly byte[] _pixels;

    internal IdxDataset(byte[] pixels, byte[] labels, int height, int width)
    {
        _pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>Gets the number of rows (images).</summary>
    public int RowCount => Labels.Length;

    /// <summary>Gets the image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the number of pixels in one image (<see cref="Height"/> × <see cref="Width"/>).</summary>
    public int PixelCount => Height * Width;

    /// <summary>Gets the label (class index 0..255) of every row.</summary>
    public byte[] Labels { get; }

    /// <summary>Gets all pixels, row after row, each row in row-major order (y, then x).</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    /// <summary>Gets the pixels of one row as bytes (0..255), in row-major order.</summary>
    /// <param name="row">The row index.</param>
    /// <returns>A span over the row's pixels.</returns>
    public ReadOnlySpan<byte> GetPixels(int row)
    {
        CheckRow(row);
        return new ReadOnlySpan<byte>(_pixels, row * PixelCount, PixelCount);
    }

    /// <summary>Copies the pixels of one row as floats (0..255, optionally multiplied by <paramref name="scale"/>).</summary>
    /// <param name="row">The row index.</param>
    /// <param name="destination">The destination; its length must be <see cref="PixelCount"/>.</param>
    /// <param name="scale">A factor applied to every pixel value (1 keeps the 0..255 range).</param>
    public void CopyPixels(int row, Span<float> destination, float scale = 1f)
    {
        CheckRow(row);
        if (destination.Length != PixelCount)
            throw new ArgumentException($"The destination has length {destination.Length}, expected {PixelCount} ({Height}x{Width}).", nameof(destination));
        var src = new ReadOnlySpan<byte>(_pixels, row * PixelCount, PixelCount);
        for (int i = 0; i < src.Length; i++)
            destination[i] = src[i] * scale;
    }

    /// <summary>Gets the pixels of one row as a new float array (0..255, optionally multiplied by <paramref name="scale"/>).</summary>
    /// <param name="row">The row index.</param>
    /// <param name="scale">A factor applied to every pixel value (1 keeps the 0..255 range).</param>
    /// <returns>A new array of length <see cref="PixelCount"/>.</returns>
    public float[] GetPixelsAsFloat(int row, float scale = 1f)
    {
        var result = new float[PixelCount];
        CopyPixels(row, result, scale);
        return result;
    }

    /// <summary>Counts the rows of every label value.</summary>
    /// <returns>A dictionary from label to row count, for the labels that occur.</returns>
    public IReadOnlyDictionary<int, int> CountByLabel()
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var l in Labels)
            counts[l] = counts.TryGetValue(l, out var c) ? c + 1 : 1;
        return counts;
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {RowCount}).");
    }
}
