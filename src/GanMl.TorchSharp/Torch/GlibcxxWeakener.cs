using System.Buffers.Binary;
using System.Text;

namespace GanMl.Torch;

/// <summary>
/// Marks the GLIBCXX symbol-version requirements of an ELF64 shared library that the system libstdc++ lacks as weak
/// (VER_FLG_WEAK in their Elf64_Vernaux entries), so the dynamic loader accepts the library. TorchSharp 0.107 needs
/// GLIBCXX_3.4.32 for one symbol it never relocates; Debian 12 ships 3.4.30.
/// </summary>
internal static class GlibcxxWeakener
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The system libstdc++ of this machine, or null.</summary>
    public static string? FindSystemLibstdcxx() =>
        new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Weakens in <paramref name="elf"/> (in place) every strong GLIBCXX_* requirement for which <paramref name="isAvailable"/> is false.
    /// Returns the weakened version names; empty when nothing needed changing or the bytes are not a little-endian ELF64 file.
    /// </summary>
    public static IReadOnlyList<string> Weaken(byte[] elf, Func<string, bool> isAvailable)
    {
        ArgumentNullException.ThrowIfNull(elf);
        var weakened = new List<string>();
        var b = elf.AsSpan();
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1) return weakened;
        try
        {
            long sectionTable = BinaryPrimitives.ReadInt64LittleEndian(b[0x28..]);
            int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(b[0x3A..]), sections = BinaryPrimitives.ReadUInt16LittleEndian(b[0x3C..]);
            for (int s = 0; s < sections; s++)
            {
                int header = checked((int)(sectionTable + (long)s * entrySize));
                if (BinaryPrimitives.ReadUInt32LittleEndian(b[(header + 4)..]) != ShtGnuVerneed) continue;
                int offset = checked((int)BinaryPrimitives.ReadInt64LittleEndian(b[(header + 24)..]));
                int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(header + 40)..]);
                int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(header + 44)..]);
                int strings = checked((int)BinaryPrimitives.ReadInt64LittleEndian(b[(checked((int)(sectionTable + (long)link * entrySize)) + 24)..]));
                int need = offset;
                for (int i = 0; i < count; i++)
                {
                    int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(b[(need + 2)..]);
                    int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(need + 8)..]);
                    for (int j = 0; j < auxCount; j++)
                    {
                        int nameAt = strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(aux + 8)..]);
                        string name = Encoding.ASCII.GetString(b[nameAt..][..b[nameAt..].IndexOf((byte)0)]);
                        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(b[(aux + 4)..]);
                        if (name.StartsWith("GLIBCXX_", StringComparison.Ordinal) && (flags & VerFlgWeak) == 0 && !isAvailable(name))
                        {
                            BinaryPrimitives.WriteUInt16LittleEndian(b[(aux + 4)..], (ushort)(flags | VerFlgWeak));
                            weakened.Add(name);
                        }
                        aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(aux + 12)..]);
                    }
                    need += (int)BinaryPrimitives.ReadUInt32LittleEndian(b[(need + 12)..]);
                }
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("The ELF file's version-requirement tables are malformed.", e);
        }
        return weakened;
    }

    /// <summary>A predicate that tells whether the system libstdc++ at <paramref name="path"/> defines a version name.</summary>
    public static Func<string, bool> VersionsOf(string path)
    {
        string text = Encoding.ASCII.GetString(File.ReadAllBytes(path));
        return name => text.Contains(name + "\0", StringComparison.Ordinal);
    }
}
