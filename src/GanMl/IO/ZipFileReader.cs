using System.IO.Compression;

namespace GanMl.IO;

/// <summary>Opens a zip-based file (GanMl model, .npz) with errors that name the file and what it should have been.</summary>
internal static class ZipFileReader
{
    public static ZipArchive Open(string path, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{kind} '{path}' does not exist.", path);
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a {kind} (not a zip archive): {e.Message}", e);
        }
    }
}
