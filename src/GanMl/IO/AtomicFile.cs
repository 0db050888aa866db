namespace GanMl.IO;

/// <summary>Writes files through a temporary file in the same folder and a rename, so a failed write never destroys an existing file.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, byte[] contents) => Write(path, stream => stream.Write(contents));

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
                write(stream);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
