using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace GanMl.Torch;

/// <summary>
/// Pins libtorch's CPU kernels to the AVX2 code paths before libtorch first runs, so that the same seed gives the same
/// bits on every AVX2 x86-64 CPU: ATen, oneDNN and MKL otherwise pick AVX-512 or vendor-specific kernels whose sums
/// round differently (docs/training.md, "Same bits on every CPU"). The settings are environment variables that each
/// library reads once, at its first call, so they are process-wide; a variable the user has set is left alone, and
/// <c>GANML_CPU_KERNELS=native</c> turns the pinning off.
/// </summary>
internal static class PortableCpuKernels
{
    /// <summary>The variables and the values that select AVX2 kernels: ATen's dispatch, oneDNN's ISA cap, MKL's reproducible AVX2 path.</summary>
    internal static readonly (string Name, string Value)[] Settings =
    [
        ("ATEN_CPU_CAPABILITY", "avx2"),
        ("DNNL_MAX_CPU_ISA", "AVX2"),
        ("MKL_CBWR", "AVX2"),
    ];

    /// <summary>
    /// True when every variable holds its pinned value for libtorch to read (an AVX2 x86-64 Linux host, not opted out).
    /// It says the variables are set, not that libtorch read them: a process that ran TorchSharp before GanMl keeps the native kernels.
    /// </summary>
    internal static bool Applied { get; private set; }

    /// <summary>Sets the variables that are not set yet. Call before the first torch operation of the process.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !Avx2.IsSupported || !Fma.IsSupported) return;
        if (string.Equals(Environment.GetEnvironmentVariable("GANML_CPU_KERNELS"), "native", StringComparison.OrdinalIgnoreCase)) return;
        try
        {
            foreach (var (name, value) in Settings)
            {
                // .NET keeps its own copy of the environment on Unix: native getenv sees only what setenv writes.
                if (Environment.GetEnvironmentVariable(name) is not null || getenv(name) != IntPtr.Zero) continue;
                if (setenv(name, value, 0) != 0) return;
                Environment.SetEnvironmentVariable(name, value);
            }
            Applied = Settings.All(s => Marshal.PtrToStringAnsi(getenv(s.Name)) == s.Value);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No glibc-style libc (e.g. musl under another name): libtorch keeps its native kernels.
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, ExactSpelling = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", CharSet = CharSet.Ansi, ExactSpelling = true)]
    private static extern IntPtr getenv(string name);
}
