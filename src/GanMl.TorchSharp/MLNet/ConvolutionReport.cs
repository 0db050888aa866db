using System.Globalization;
using GanMl.Torch;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>Tells the user, through the ML.NET channel, how the convolution layers run on this machine and why.</summary>
internal static class ConvolutionReport
{
    /// <summary>One information line for all layer shapes, and a warning for each shape whose libtorch kernels were wrong here.</summary>
    public static void Log(IChannel channel, IReadOnlyList<ConvolutionDecision> decisions)
    {
        if (decisions.Count == 0) return;
        foreach (var fault in decisions.Where(d => d.LibTorchFailed))
            channel.Warning(MessageSensitivity.None,
                $"libtorch's convolution kernels gave wrong results for {fault.Shape} on this CPU ({CpuDescription.Current}): {fault.LibTorchCheck!.Failures}. " +
                "GanMl runs that layer on im2col + GEMM instead, which passed the same check (docs/cpu.md).");
        string layers = string.Join("; ", decisions.Select(d => $"{d.Shape}: {Name(d.Path)} ({d.Reason})"));
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"Convolution kernels checked against a managed reference on {CpuDescription.Current} ({ConvolutionKernels.CheckTime.TotalMilliseconds:F0} ms in this process so far): {layers}."));
    }

    private static string Name(ConvolutionPath path) => path == ConvolutionPath.LibTorch ? "libtorch (oneDNN)" : "im2col + GEMM";
}
