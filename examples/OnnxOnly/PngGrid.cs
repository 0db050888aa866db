using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GanMl.OnnxOnly;

/// <summary>
/// A grid of images as an 8-bit PNG (grayscale for 1 channel, RGB for 3), written with System.IO.Compression only:
/// GanMl's PNG writer lives in the TorchSharp-referencing GanMl assembly, which this sample does not load.
/// </summary>
internal static class PngGrid
{
    /// <summary>Writes <paramref name="cells"/> (rows of the grid, each a list of C×H×W images, null for an empty cell) scaled <paramref name="scale"/>×, values mapped from [min, max] to 0..255.</summary>
    public static void Write(string path, IReadOnlyList<IReadOnlyList<float[]?>> cells, OnnxImageShape shape, OnnxValueRange range, int scale = 2, int gap = 2)
    {
        if (shape.Channels is not (1 or 3)) throw new NotSupportedException($"PNG grids of {shape.Channels}-channel images are not supported (1 or 3).");
        int columns = cells.Max(r => r.Count), rows = cells.Count;
        int cellWidth = shape.Width * scale, cellHeight = shape.Height * scale;
        int width = columns * cellWidth + (columns + 1) * gap, height = rows * cellHeight + (rows + 1) * gap;
        int channels = shape.Channels, plane = shape.Height * shape.Width;
        var pixels = new byte[(long)width * height * channels];
        Array.Fill(pixels, (byte)40); // dark grey gaps
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cells[r].Count; c++)
            {
                if (cells[r][c] is not { } image) continue;
                int x0 = gap + c * (cellWidth + gap), y0 = gap + r * (cellHeight + gap);
                for (int y = 0; y < cellHeight; y++)
                    for (int x = 0; x < cellWidth; x++)
                        for (int ch = 0; ch < channels; ch++)
                        {
                            float v = image[ch * plane + (y / scale) * shape.Width + x / scale];
                            double unit = Math.Clamp((v - range.Min) / (double)(range.Max - range.Min), 0, 1);
                            pixels[((long)(y0 + y) * width + x0 + x) * channels + ch] = (byte)Math.Round(unit * 255);
                        }
            }
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);   // grayscale or RGB
        Chunk(file, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
                for (int y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter: none
                    zlib.Write(pixels, y * width * channels, width * channels);
                }
            Chunk(file, "IDAT", data.ToArray());
        }
        Chunk(file, "IEND", []);
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        stream.Write(number);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        stream.Write(number);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(uint crc, byte[] bytes)
    {
        foreach (byte b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }
}
