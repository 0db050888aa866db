using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace GanMl.Metrics;

/// <summary>Minimal .npy / .npz reader and writer for pytorch-fid statistics files.</summary>
internal static partial class Npz
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>Writes 'mu' and 'sigma' (pytorch-fid's layout) and, when known, the sample count as a one-element 'n' array, which pytorch-fid
    /// ignores.</summary>
    public static void Save(string path, double[] mu, double[] sigma, int d, long count = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        GanMl.IO.AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            WriteEntry(zip, "mu.npy", mu, new[] { d });
            WriteEntry(zip, "sigma.npy", sigma, new[] { d, d });
            if (count > 0) WriteEntry(zip, "n.npy", [count], new[] { 1 });
        });
    }

    private static void WriteEntry(ZipArchive zip, string name, double[] data, int[] shape)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = entry.Open();
        WriteNpy(s, data, shape);
    }

    /// <summary>Writes a float64 C-order array in .npy format version 1.0.</summary>
    public static void WriteNpy(Stream s, double[] data, int[] shape)
    {
        string shapeText = shape.Length == 1
            ? $"({shape[0]},)"
            : "(" + string.Join(", ", shape.Select(x => x.ToString(CultureInfo.InvariantCulture))) + ")";
        string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shapeText + ", }";
        // Pad with spaces and a final newline so that magic + version + length + header is a multiple of 64.
        int total = Magic.Length + 2 + 2 + header.Length + 1;
        int pad = (64 - total % 64) % 64;
        header = header + new string(' ', pad) + "\n";
        if (header.Length > ushort.MaxValue) throw new InvalidOperationException("The .npy header is too long for format 1.0.");
        s.Write(Magic);
        s.WriteByte(1);
        s.WriteByte(0);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        s.Write(len);
        s.Write(Encoding.ASCII.GetBytes(header));
        var buf = new byte[8 * 4096];
        for (int i = 0; i < data.Length; i += 4096)
        {
            int m = Math.Min(4096, data.Length - i);
            for (int k = 0; k < m; k++) BinaryPrimitives.WriteDoubleLittleEndian(buf.AsSpan(8 * k), data[i + k]);
            s.Write(buf, 0, 8 * m);
        }
    }

    public static (double[] Mu, double[] Sigma, int D, long Count) Load(string path)
    {
        using (var zip = GanMl.IO.ZipFileReader.Open(path, "statistics .npz file"))
        {
            var (mu, muShape) = ReadEntry(zip, path, "mu");
            var (sigma, sigmaShape) = ReadEntry(zip, path, "sigma");
            if (muShape.Length != 1)
                throw new InvalidDataException($"'{path}': 'mu' must be one-dimensional; its shape is ({string.Join(", ", muShape)}).");
            int d = muShape[0];
            if (sigmaShape.Length != 2 || sigmaShape[0] != d || sigmaShape[1] != d)
                throw new InvalidDataException($"'{path}': 'sigma' must have shape ({d}, {d}) to match 'mu'; its shape is ({string.Join(", ", sigmaShape)}).");
            for (int i = 0; i < mu.Length; i++)
                if (!double.IsFinite(mu[i])) throw new InvalidDataException($"'{path}': mu[{i}] is {mu[i]}.");
            for (int i = 0; i < sigma.Length; i++)
                if (!double.IsFinite(sigma[i])) throw new InvalidDataException($"'{path}': sigma[{i / d},{i % d}] is {sigma[i]}.");
            try
            {
                FeatureStatistics.CheckSymmetric(sigma, d, "sigma");
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"'{path}': {e.Message}", e);
            }
            return (mu, sigma, d, ReadCount(zip, path));
        }
    }

    /// <summary>The sample count GanMl stores as 'n' (absent in pytorch-fid's files: 0, unknown).</summary>
    private static long ReadCount(ZipArchive zip, string path)
    {
        if (zip.GetEntry("n.npy") is null && zip.GetEntry("n") is null) return 0;
        var (n, shape) = ReadEntry(zip, path, "n");
        if (n.Length != 1 || !(n[0] >= 1 && n[0] <= long.MaxValue / 2) || n[0] != Math.Floor(n[0]))
            throw new InvalidDataException($"'{path}': 'n' must hold one positive whole sample count; it holds {n.Length} value(s) ({string.Join(", ", n.Take(3))}), shape ({string.Join(", ", shape)}).");
        return (long)n[0];
    }

    private static (double[] Data, int[] Shape) ReadEntry(ZipArchive zip, string path, string key)
    {
        var entry = zip.GetEntry(key + ".npy") ?? zip.GetEntry(key);
        if (entry == null)
        {
            var names = string.Join(", ", zip.Entries.Select(e => e.FullName));
            throw new InvalidDataException($"'{path}' has no '{key}' array (entries: {names}); expected pytorch-fid's layout with 'mu' and 'sigma'.");
        }
        return ReadNpy(GanMl.IO.ZipFileReader.ReadAll(entry, path), $"'{path}' entry '{entry.FullName}'");
    }

    /// <summary>Parses a .npy buffer holding '&lt;f8' or '&lt;f4' data in C order.</summary>
    public static (double[] Data, int[] Shape) ReadNpy(byte[] bytes, string what)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{what} is not a .npy array (bad magic string).");
        int major = bytes[6];
        int headerLen, offset;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); offset = 10; }
        else if (major is 2 or 3) { headerLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); offset = 12; }
        else throw new InvalidDataException($"{what}: unsupported .npy format version {major}.{bytes[7]}.");
        if (offset + headerLen > bytes.Length) throw new InvalidDataException($"{what}: truncated .npy header.");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, offset, headerLen);
        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shapeM = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shapeM.Success)
            throw new InvalidDataException($"{what}: cannot parse the .npy header {header.Trim()}.");
        if (fortran.Groups[1].Value == "True")
            throw new InvalidDataException($"{what}: arrays in Fortran (column-major) order are not supported; save it with np.ascontiguousarray(...) first.");
        string dtype = descr.Groups[1].Value;
        int itemSize = dtype switch
        {
            "<f8" => 8,
            "<f4" => 4,
            _ => throw new InvalidDataException($"{what}: dtype '{dtype}' is not supported; expected little-endian float64 ('<f8') or float32 ('<f4')."),
        };
        var dims = shapeM.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[dims.Length];
        long count = 1;
        int start = offset + headerLen;
        for (int i = 0; i < dims.Length; i++)
        {
            // A damaged header must not drive the allocation below: every dimension is checked against the data present.
            if (!int.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"{what}: the .npy shape ({shapeM.Groups[1].Value}) is not a list of non-negative 32-bit integers.");
            count *= shape[i];
            if (count * itemSize > bytes.Length - start) break;
        }
        if (bytes.Length - start < count * itemSize)
            throw new InvalidDataException($"{what}: the shape ({shapeM.Groups[1].Value}) expects at least {count} values of {itemSize} bytes but the data is {bytes.Length - start} bytes.");
        var data = new double[count];
        for (long i = 0; i < count; i++)
            data[i] = itemSize == 8
                ? BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(start + (int)(8 * i)))
                : BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + (int)(4 * i)));
        return (data, shape);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
