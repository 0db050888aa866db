using System.Buffers.Binary;
using SkiaSharp;
using Xunit;

namespace GanMl.Tests.Imaging;

internal static class PngTestUtil
{
    private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Checks the PNG signature and IHDR chunk; returns width, height and the PNG colour type byte.</summary>
    public static (int Width, int Height, int ColorType) ReadHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short to be a PNG");
        Assert.Equal(Signature, bytes.AsSpan(0, 8).ToArray());
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int w = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        int h = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        return (w, h, bytes[25]);
    }

    /// <summary>Decodes a PNG into RGBA bytes (row-major, 4 per pixel).</summary>
    public static (int Width, int Height, byte[] Rgba) DecodeRgba(string path)
    {
        using var decoded = SKBitmap.Decode(path);
        Assert.NotNull(decoded);
        using var rgba = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.True(decoded.CopyTo(rgba, SKColorType.Rgba8888));
        var result = new byte[decoded.Width * decoded.Height * 4];
        for (int y = 0; y < decoded.Height; y++)
        {
            for (int x = 0; x < decoded.Width; x++)
            {
                var c = rgba.GetPixel(x, y);
                int i = (y * decoded.Width + x) * 4;
                result[i] = c.Red;
                result[i + 1] = c.Green;
                result[i + 2] = c.Blue;
                result[i + 3] = c.Alpha;
            }
        }
        return (decoded.Width, decoded.Height, result);
    }
}
