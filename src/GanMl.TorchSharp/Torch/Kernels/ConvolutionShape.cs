using System.Globalization;

namespace GanMl.Torch;

/// <summary>
/// One convolution layer as the kernel check sees it: a 2-D convolution or transposed convolution with square kernels,
/// one group and no dilation, on inputs of a given spatial size. Two layers with equal shapes run the same native kernels.
/// </summary>
/// <param name="Transposed">True for a transposed convolution (weight [in, out, k, k]); false for a convolution (weight [out, in, k, k]).</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Kernel side.</param>
/// <param name="Stride">Stride in both directions.</param>
/// <param name="Padding">Zero padding in both directions.</param>
/// <param name="InputHeight">Input height.</param>
/// <param name="InputWidth">Input width.</param>
/// <param name="Bias">True when the layer adds a bias.</param>
internal readonly record struct ConvolutionShape(bool Transposed, int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int InputHeight, int InputWidth, bool Bias)
{
    /// <summary>Output height.</summary>
    public int OutputHeight => Output(InputHeight);

    /// <summary>Output width.</summary>
    public int OutputWidth => Output(InputWidth);

    /// <summary>The weight's shape: [out, in, k, k] for a convolution, [in, out, k, k] for a transposed one.</summary>
    public long[] WeightShape => Transposed ? [InChannels, OutChannels, Kernel, Kernel] : [OutChannels, InChannels, Kernel, Kernel];

    /// <summary>
    /// True when both channel counts are whole multiples of 32, so that oneDNN's x86 kernels (8-, 16- and 32-channel
    /// blocks) never sum over a zero-padded channel block. Every fault measured on AMD Zen 5 (docs/cpu.md) was in such a
    /// sum: channel counts of 1, 3, 11, 17, 24, 48, 80, 100 and 110 failed at some batch sizes and thread counts, while
    /// 16, 32, 64, 96, 128, 160, 192, 256 and 512 never did.
    /// </summary>
    public bool FillsSimdBlocks => InChannels % 32 == 0 && OutChannels % 32 == 0;

    private int Output(int input) => Transposed ? (input - 1) * Stride - 2 * Padding + Kernel : (input + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Throws when the shape describes no valid layer (non-positive sizes, or an empty output).</summary>
    public void Validate()
    {
        if (InChannels <= 0 || OutChannels <= 0 || Kernel <= 0 || Stride <= 0 || Padding < 0 || InputHeight <= 0 || InputWidth <= 0 || OutputHeight <= 0 || OutputWidth <= 0)
            throw new ArgumentException($"Not a valid convolution layer: {this}.");
    }

    /// <summary>For logs: "conv 11→32 k4 s2 p1 on 28×28" or "deconv 110→128 k7 s1 p0 on 1×1".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Transposed ? "deconv" : "conv")} {InChannels}→{OutChannels} k{Kernel} s{Stride} p{Padding} on {InputHeight}×{InputWidth}{(Bias ? " +bias" : "")}");
}
