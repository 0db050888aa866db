namespace GanMl.Torch;

/// <summary>How a convolution layer is computed.</summary>
internal enum ConvolutionPath
{
    /// <summary>libtorch's own choice: oneDNN's convolution kernels on x86-64 CPUs. The fastest, when they are right.</summary>
    LibTorch,

    /// <summary>
    /// im2col (unfold/fold) and a matrix product: ATen's own loops and MKL's GEMM, no oneDNN convolution kernel. The
    /// fallback for layer shapes on which libtorch's kernels fail the check.
    /// </summary>
    Im2ColGemm,
}
