using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using GanMl.Torch;
using Xunit;

namespace GanMl.Tests.Torch;

public class PortableCpuKernelsTests
{
    [Fact]
    public void LibtorchRunsItsAvx2KernelsOnEveryAvx2LinuxHost()
    {
        TorchRuntime.EnsureLoaded();
        bool expected = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Avx2.IsSupported && Fma.IsSupported
            && !string.Equals(Environment.GetEnvironmentVariable("GANML_CPU_KERNELS"), "native", StringComparison.OrdinalIgnoreCase)
            && PortableCpuKernels.Settings.All(s => Environment.GetEnvironmentVariable(s.Name) is null || Environment.GetEnvironmentVariable(s.Name) == s.Value);
        // The pinned hashes in DeterminismHashTests are checked only when this holds, so it must hold on CI's x86-64 Linux.
        Assert.Equal(expected, PortableCpuKernels.Applied);
        if (expected)
            foreach (var (name, value) in PortableCpuKernels.Settings)
                Assert.Equal(value, Environment.GetEnvironmentVariable(name));
    }
}
