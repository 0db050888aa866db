using System.Runtime.InteropServices;
using TorchSharp;

namespace GanMl.Torch;

/// <summary>
/// Asks libtorch to pick only run-to-run deterministic oneDNN implementations (PyTorch's
/// <c>torch.backends.mkldnn.deterministic = True</c>): oneDNN documents that some of its implementations use atomics
/// and may sum in another order on each run. A process-wide libtorch flag, set once by the first trainer with
/// <c>Deterministic</c> on (docs/training.md, "Global settings"). TorchSharp does not expose it, so it is reached through
/// libtorch's exported C++ symbols; where they are missing, <see cref="Enable"/> returns false and the caller runs on one thread instead.
/// </summary>
internal static class DeterministicOneDnn
{
    private const string ContextSymbol = "_ZN2at13globalContextEv"; // at::globalContext()
    private const string SetSymbol = "_ZN2at7Context22setDeterministicMkldnnEb"; // at::Context::setDeterministicMkldnn(bool)
    private const string GetSymbol = "_ZNK2at7Context19deterministicMkldnnEv"; // at::Context::deterministicMkldnn() const
    private static readonly Lazy<bool> Enabled = new(TryEnable);
    private static readonly Lazy<(IntPtr Context, IntPtr Set, IntPtr Get)?> Exports = new(Resolve);

    /// <summary>Sets the flag once per process; true when libtorch confirms it is on.</summary>
    public static bool Enable() => Enabled.Value;

    /// <summary>Reads the flag; null when libtorch does not export it.</summary>
    public static unsafe bool? IsOn() =>
        Exports.Value is var (context, _, get) ? ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0 : null;

    private static unsafe bool TryEnable()
    {
        if (Exports.Value is not var (context, set, _)) return false;
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, 1);
        return IsOn() == true;
    }

    private static unsafe (IntPtr, IntPtr, IntPtr)? Resolve()
    {
        TorchRuntime.EnsureLoaded();
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, null, out var library)) return null;
        if (!NativeLibrary.TryGetExport(library, ContextSymbol, out var global) || !NativeLibrary.TryGetExport(library, SetSymbol, out var set)
            || !NativeLibrary.TryGetExport(library, GetSymbol, out var get)) return null;
        var context = ((delegate* unmanaged<IntPtr>)global)();
        return context == IntPtr.Zero ? null : (context, set, get);
    }
}
