using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using TorchSharp;

namespace GanMl.Torch;

/// <summary>Loads libtorch once and turns TorchSharp's misleading load errors into an actionable message.</summary>
internal static class TorchRuntime
{
    private const string LibTorchSharp = "libLibTorchSharp.so";
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);
    private static IntPtr _patchedHandle;

    /// <summary>Throws an <see cref="InvalidOperationException"/> that names the real cause when libtorch cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error) throw new InvalidOperationException(Describe(error), error);
    }

    /// <summary>Picks the device: CUDA when asked for and available, else CPU (or throws when <paramref name="fallbackToCpu"/> is false).</summary>
    public static torch.Device SelectDevice(int? gpuDeviceId, bool fallbackToCpu)
    {
        EnsureLoaded();
        if (gpuDeviceId is null) return torch.CPU;
        if (torch.cuda.is_available() && gpuDeviceId.Value < torch.cuda.device_count())
            return new torch.Device(DeviceType.CUDA, gpuDeviceId.Value);
        if (fallbackToCpu) return torch.CPU;
        throw new InvalidOperationException(
            $"MLContext.GpuDeviceId is {gpuDeviceId} but no such CUDA device is available to TorchSharp (build with -p:TorchBackend=cuda on a machine with a GPU), and MLContext.FallbackToCpu is false.");
    }

    /// <summary>Where the patched copy of libLibTorchSharp.so was loaded from, when the run-time GLIBCXX fix was needed; else null.</summary>
    internal static string? PatchedLibraryPath { get; private set; }

    private static Exception? TryLoad()
    {
        try
        {
            PatchGlibcxxIfNeeded();
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return e;
        }
    }

    /// <summary>
    /// The build-time fix reaches only projects that import GanMl's MSBuild files. For every other host (a project
    /// reference, a notebook, a test runner) this writes a copy of libLibTorchSharp.so with the missing GLIBCXX
    /// versions marked weak into a per-user cache keyed by the original's hash, loads it, and hands it to TorchSharp
    /// when its own probe of "LibTorchSharp" fails.
    /// </summary>
    private static void PatchGlibcxxIfNeeded()
    {
        if (!OperatingSystem.IsLinux()) return;
        string? original = FindLibTorchSharp();
        if (original is null || NativeLibrary.TryLoad(original, out _)) return;
        string? system = GlibcxxWeakener.FindSystemLibstdcxx();
        if (system is null) return;
        byte[] bytes = File.ReadAllBytes(original);
        string hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        if (GlibcxxWeakener.Weaken(bytes, GlibcxxWeakener.VersionsOf(system)).Count == 0) return;

        string patched = WritePatchedCopy(bytes, hash);
        // The copy lives outside libtorch's folder, so its $ORIGIN run path cannot find libtorch: load the
        // dependencies from their own folder first; the loader then matches them by soname.
        string directory = Path.GetDirectoryName(original)!;
        foreach (var dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            string path = Path.Combine(directory, dependency);
            if (File.Exists(path)) NativeLibrary.TryLoad(path, out _);
        }
        _patchedHandle = NativeLibrary.Load(patched);
        PatchedLibraryPath = patched;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
            assembly == typeof(torch).Assembly && name is "LibTorchSharp" or LibTorchSharp ? _patchedHandle : IntPtr.Zero;
    }

    /// <summary>libLibTorchSharp.so where the host will look for it: next to TorchSharp.dll, the app, or the native search folders.</summary>
    private static string? FindLibTorchSharp()
    {
        var folders = new List<string> { Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "", AppContext.BaseDirectory };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searched)
            folders.AddRange(searched.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-", StringComparison.Ordinal) ? RuntimeInformation.RuntimeIdentifier : "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        folders.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"));
        return folders.Where(f => f.Length > 0).Select(f => Path.Combine(f, LibTorchSharp)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Writes the patched library into the per-user cache, or into the temporary folder when the cache cannot be
    /// written (a read-only home); returns its path. An existing copy of the same size is reused.
    /// </summary>
    private static string WritePatchedCopy(byte[] bytes, string hash)
    {
        UnauthorizedAccessException? denied = null;
        foreach (string root in new[] { CacheRoot(), Path.GetTempPath() }.Distinct())
        {
            string folder = Path.Combine(root, "ganml", "native", hash);
            string patched = Path.Combine(folder, LibTorchSharp);
            if (File.Exists(patched) && new FileInfo(patched).Length == bytes.Length) return patched;
            try
            {
                Directory.CreateDirectory(folder);
                string temporary = patched + "." + Environment.ProcessId + ".tmp";
                File.WriteAllBytes(temporary, bytes);
                File.Move(temporary, patched, overwrite: true);
                return patched;
            }
            catch (UnauthorizedAccessException e)
            {
                denied = e;
            }
        }
        throw denied!;
    }

    private static string CacheRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return xdg;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
    }

    private static string Describe(Exception error)
    {
        string detail = error.GetBaseException().Message;
        // TorchSharp reports "doesn't contain a reference to libtorch-cpu-linux-x64"; the real cause shows only on a direct load.
        string? native = OperatingSystem.IsLinux() ? FindLibTorchSharp() : null;
        if (native is not null && !NativeLibrary.TryLoad(native, out _))
        {
            try { NativeLibrary.Load(native); } catch (Exception direct) { detail = direct.Message; }
        }
        string hint = detail.Contains("GLIBCXX", StringComparison.Ordinal)
            ? " The system libstdc++ is older than TorchSharp needs, and GanMl's run-time fix (a patched copy in ~/.cache/ganml/native) did not apply; see docs/troubleshooting.md."
            : " Check that the project references TorchSharp-cpu (or TorchSharp-cuda-linux) and that bin/ holds libtorch for this platform.";
        return $"TorchSharp's native library could not be loaded: {detail}.{hint}";
    }
}
