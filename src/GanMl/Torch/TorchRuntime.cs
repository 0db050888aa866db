using System.Runtime.InteropServices;
using TorchSharp;

namespace GanMl.Torch;

/// <summary>Loads libtorch once and turns TorchSharp's misleading load errors into an actionable message.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);

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

    private static Exception? TryLoad()
    {
        try
        {
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return e;
        }
    }

    private static string Describe(Exception error)
    {
        string detail = error.GetBaseException().Message;
        // TorchSharp reports "doesn't contain a reference to libtorch-cpu-linux-x64"; the real cause shows only on a direct load.
        string native = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        if (File.Exists(native) && !NativeLibrary.TryLoad(native, out _))
        {
            try { NativeLibrary.Load(native); } catch (Exception direct) { detail = direct.Message; }
        }
        string hint = detail.Contains("GLIBCXX", StringComparison.Ordinal)
            ? " The system libstdc++ is older than TorchSharp needs. Build through MSBuild so GanMl's build step marks the missing GLIBCXX version weak in the output copy (see README, 'TorchSharp on Debian 12'), and do not set GanMlSkipNativeFix."
            : " Check that the project references TorchSharp-cpu (or TorchSharp-cuda-linux) and that bin/ holds libtorch for this platform.";
        return $"TorchSharp's native library could not be loaded: {detail}.{hint}";
    }
}
