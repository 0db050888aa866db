using System.Buffers.Binary;
using System.IO.Compression;

namespace GanMl.Imaging;

/// <summary>
/// Reads IDX image (magic 2051) and label (magic 2049) files as used by MNIST and Fashion-MNIST,
/// gzip-compressed or plain (detected from the gzip magic bytes, not from the file extension).
/// </summary>
public static class IdxReader
{
    /// <summary>The magic number of an IDX file of unsigned-byte images (rank 3).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>The magic number of an IDX file of unsigned-byte labels (rank 1).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>
    /// Reads an image file and its label file.
    /// </summary>
    /// <param name="imagesPath">The IDX image file (e.g. <c>train-images-idx3-ubyte.gz</c>).</param>
    /// <param name="labelsPath">The IDX label file (e.g. <c>train-labels-idx1-ubyte.gz</c>).</param>
    /// <param name="maxRows">If set, keep at most this many rows (after the per-class limit).</param>
    /// <param name="maxRowsPerClass">If set, keep only the first this many rows of every label (stratified subset, order preserved).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file, is truncated, or the two files disagree on the row count.</exception>
    public static IdxDataset Read(string imagesPath, string labelsPath, int? maxRows = null, int? maxRowsPerClass = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        if (maxRows is < 0)
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be non-negative.");
        if (maxRowsPerClass is < 0)
            throw new ArgumentOutOfRangeException(nameof(maxRowsPerClass), maxRowsPerClass, "maxRowsPerClass must be non-negative.");

        var labels = ReadLabels(labelsPath);
        var (pixels, count, height, width) = ReadImagesRaw(imagesPath);
        if (count != labels.Length)
            throw new InvalidDataException(
                $"IDX image file '{imagesPath}' holds {count} images but label file '{labelsPath}' holds {labels.Length} labels; they must match.");

        int pixelCount = height * width;
        if (maxRows is null && maxRowsPerClass is null)
            return new IdxDataset(pixels, labels, height, width);

        // Select rows: first k of every class, then at most maxRows overall, order preserved.
        var selected = new List<int>();
        var perClass = new int[256];
        int limitRows = maxRows ?? int.MaxValue;
        int limitClass = maxRowsPerClass ?? int.MaxValue;
        for (int i = 0; i < labels.Length && selected.Count < limitRows; i++)
        {
            if (perClass[labels[i]] >= limitClass)
                continue;
            perClass[labels[i]]++;
            selected.Add(i);
        }

        var newPixels = new byte[selected.Count * pixelCount];
        var newLabels = new byte[selected.Count];
        for (int j = 0; j < selected.Count; j++)
        {
            int i = selected[j];
            Buffer.BlockCopy(pixels, i * pixelCount, newPixels, j * pixelCount, pixelCount);
            newLabels[j] = labels[i];
        }
        return new IdxDataset(newPixels, newLabels, height, width);
    }

    /// <summary>Reads an IDX label file (magic 2049).</summary>
    /// <param name="path">The file, gzip-compressed or plain.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid IDX label file or is truncated.</exception>
    public static byte[] ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenMaybeGzip(path);
        Span<byte> header = stackalloc byte[8];
        ReadExactly(stream, header, path, "the 8-byte IDX label header");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != LabelsMagic)
            throw new InvalidDataException(
                $"'{path}' is not an IDX label file: magic number {magic} (0x{magic:X8}), expected {LabelsMagic} (0x{LabelsMagic:X8})"
                + (magic == ImagesMagic ? "; this looks like an image file, check the argument order." : "."));
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count < 0)
            throw new InvalidDataException($"IDX label file '{path}' declares a negative label count ({count}).");
        return ReadArray(stream, count, path, $"{count} labels after the header");
    }

    /// <summary>Reads an IDX image file (magic 2051).</summary>
    /// <param name="path">The file, gzip-compressed or plain.</param>
    /// <param name="height">The image height read from the header.</param>
    /// <param name="width">The image width read from the header.</param>
    /// <returns>All pixels, image after image, each in row-major order.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid IDX image file or is truncated.</exception>
    public static byte[] ReadImages(string path, out int height, out int width)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (pixels, _, h, w) = ReadImagesRaw(path);
        height = h;
        width = w;
        return pixels;
    }

    private static (byte[] Pixels, int Count, int Height, int Width) ReadImagesRaw(string path)
    {
        using var stream = OpenMaybeGzip(path);
        Span<byte> header = stackalloc byte[16];
        ReadExactly(stream, header[..4], path, "the 4-byte IDX magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != ImagesMagic)
            throw new InvalidDataException(
                $"'{path}' is not an IDX image file: magic number {magic} (0x{magic:X8}), expected {ImagesMagic} (0x{ImagesMagic:X8})"
                + (magic == LabelsMagic ? "; this looks like a label file, check the argument order." : "."));
        ReadExactly(stream, header[4..], path, "the 16-byte IDX image header");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (count < 0 || height <= 0 || width <= 0)
            throw new InvalidDataException(
                $"IDX image file '{path}' declares invalid dimensions: {count} images of {height}x{width}; expected a non-negative count and positive height and width.");
        long total = (long)count * height * width;
        if (total > Array.MaxLength)
            throw new InvalidDataException(
                $"IDX image file '{path}' declares {count} images of {height}x{width} ({total} bytes), more than one array can hold.");
        var pixels = ReadArray(stream, total, path, $"{count} images of {height}x{width} pixels ({total} bytes) after the header");
        return (pixels, count, height, width);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            int b0 = file.ReadByte();
            int b1 = file.ReadByte();
            file.Position = 0;
            if (b0 == 0x1F && b1 == 0x8B)
                return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes into a new array. The length comes from the header, so a damaged header must
    /// not allocate more than the file holds: a plain file's size is checked first, and a gzip stream's buffer grows only
    /// as data arrives.
    /// </summary>
    private static byte[] ReadArray(Stream stream, long length, string path, string what)
    {
        if (stream.CanSeek && stream.Length - stream.Position < length)
            throw new InvalidDataException($"IDX file '{path}' is truncated: expected {what}, but only {stream.Length - stream.Position} bytes follow the header.");
        const int Chunk = 1 << 24;
        if (stream.CanSeek || length <= Chunk)
        {
            var all = new byte[length];
            ReadExactly(stream, all, path, what);
            return all;
        }
        var buffer = new byte[Chunk];
        long filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            int end = buffer.Length;
            ReadExactly(stream, buffer.AsSpan((int)filled, end - (int)filled), path, what, filled, length);
            filled = end;
        }
        return buffer;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what, long before = 0, long expected = -1)
    {
        int total;
        try
        {
            // Stream.ReadExactly's sibling that reports how much arrived, for the truncation message.
            total = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"IDX file '{path}' is corrupt (gzip stream error while reading {what}): {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"IDX file '{path}' is truncated: expected {what}.", ex);
        }
        if (total < buffer.Length)
            throw new InvalidDataException(
                $"IDX file '{path}' is truncated: expected {what}, but only {before + total} of {(expected < 0 ? buffer.Length : expected)} bytes are present.");
    }
}
