using System.IO.Compression;

namespace GanMl.IO;

/// <summary>Opens a zip-based file (GanMl model, .npz) with errors that name the file and what it should have been.</summary>
internal static class ZipFileReader
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static ZipArchive Open(string path, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{kind} '{path}' does not exist.", path);
        ZipArchive? zip = null;
        try
        {
            zip = ZipFile.OpenRead(path);
            // The central directory is read lazily; read it here, so that its errors also name the file.
            _ = zip.Entries.Count;
            return zip;
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            throw new InvalidDataException($"'{path}' is not a {kind} (not a zip archive): {e.Message}", e);
        }
    }

    /// <summary>
    /// The entry's bytes, checked against the CRC-32 in the zip: .NET does not check it, so damaged bytes of a stored
    /// (uncompressed) entry would otherwise be read as valid data.
    /// </summary>
    public static byte[] ReadAll(ZipArchiveEntry entry, string path)
    {
        byte[] bytes;
        try
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': entry '{entry.FullName}' is corrupt: {e.Message}", e);
        }
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        if (~crc != entry.Crc32)
            throw new InvalidDataException($"'{path}': entry '{entry.FullName}' is corrupt (its CRC-32 does not match the data).");
        return bytes;
    }
}
