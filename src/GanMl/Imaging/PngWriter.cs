using System.Runtime.InteropServices;
using SkiaSharp;

namespace GanMl.Imaging;

/// <summary>
/// Writes pixel rows (planar C×H×W float vectors, as <c>ExtractPixels</c> produces them) as PNG files with SkiaSharp.
/// One channel gives a grayscale PNG, three channels an RGB PNG.
/// </summary>
public static class PngWriter
{
    /// <summary>
    /// Writes one image to a PNG file. Values are mapped linearly from [<paramref name="minValue"/>, <paramref name="maxValue"/>]
    /// to 0..255, rounded and clamped (NaN becomes 0). The file is written to a temporary file first and then renamed,
    /// so an existing file is never destroyed by a failed write.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="pixels">The pixel values, planar C×H×W (all of channel 0, then channel 1, …), each plane row-major.</param>
    /// <param name="channels">The number of channels: 1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The image height in pixels.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="minValue">The value that maps to black (0). Use 0 for 0..255 data, -1 for tanh outputs.</param>
    /// <param name="maxValue">The value that maps to white (255). Use 255 for 0..255 data, 1 for tanh outputs.</param>
    public static void Write(string path, ReadOnlySpan<float> pixels, int channels, int height, int width, float minValue = 0f, float maxValue = 255f)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var png = Encode(pixels, channels, height, width, minValue, maxValue);
        GanMl.IO.AtomicFile.WriteAllBytes(path, png);
    }

    /// <summary>Encodes one image as PNG bytes (see <see cref="Write"/> for the value mapping).</summary>
    /// <param name="pixels">The pixel values, planar C×H×W.</param>
    /// <param name="channels">The number of channels: 1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The image height in pixels.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="minValue">The value that maps to 0.</param>
    /// <param name="maxValue">The value that maps to 255.</param>
    /// <returns>The PNG file contents.</returns>
    public static byte[] Encode(ReadOnlySpan<float> pixels, int channels, int height, int width, float minValue = 0f, float maxValue = 255f)
    {
        CheckShape(pixels.Length, channels, height, width, nameof(pixels));
        CheckRange(minValue, maxValue);
        var bytes = new byte[height * width * channels];
        // Interleave planar C×H×W into H×W×C bytes.
        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane; i++)
                bytes[i * channels + c] = ToByte(pixels[c * plane + i], minValue, maxValue);
        }
        return EncodeInterleaved(bytes, channels, height, width);
    }

    /// <summary>Maps a value from [min, max] to a byte 0..255: rounded, clamped, NaN to 0.</summary>
    internal static byte ToByte(float value, float min, float max)
    {
        if (float.IsNaN(value))
            return 0;
        double scaled = (value - (double)min) * 255.0 / ((double)max - min);
        if (scaled <= 0)
            return 0;
        if (scaled >= 255)
            return 255;
        return (byte)Math.Round(scaled, MidpointRounding.AwayFromZero);
    }

    /// <summary>Encodes interleaved bytes (H×W×C, C = 1 or 3) as PNG.</summary>
    internal static byte[] EncodeInterleaved(byte[] bytes, int channels, int height, int width)
    {
        var info = channels == 1
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        int rowBytes = bitmap.RowBytes;
        var row = new byte[rowBytes];
        IntPtr dst = bitmap.GetPixels();
        for (int y = 0; y < height; y++)
        {
            if (channels == 1)
            {
                Buffer.BlockCopy(bytes, y * width, row, 0, width);
            }
            else
            {
                for (int x = 0; x < width; x++)
                {
                    int s = (y * width + x) * 3;
                    row[x * 4] = bytes[s];
                    row[x * 4 + 1] = bytes[s + 1];
                    row[x * 4 + 2] = bytes[s + 2];
                    row[x * 4 + 3] = 255;
                }
            }
            Marshal.Copy(row, 0, dst + y * rowBytes, rowBytes);
        }
        bitmap.NotifyPixelsChanged();
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {width}x{height} image with {channels} channel(s) as PNG.");
        return data.ToArray();
    }

    internal static void CheckShape(int length, int channels, int height, int width, string paramName)
    {
        if (channels != 1 && channels != 3)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1 (grayscale) or 3 (RGB) channels can be written as PNG.");
        if (height <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (width <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        long expected = (long)channels * height * width;
        if (length != expected)
            throw new ArgumentException(
                $"The pixel row has {length} values, but the shape {channels}x{height}x{width} (C×H×W) needs {expected}.", paramName);
    }

    internal static void CheckRange(float minValue, float maxValue)
    {
        if (!float.IsFinite(minValue) || !float.IsFinite(maxValue) || !(maxValue > minValue))
            throw new ArgumentException($"The value range [{minValue}, {maxValue}] is invalid: both ends must be finite and maxValue > minValue.");
    }
}
