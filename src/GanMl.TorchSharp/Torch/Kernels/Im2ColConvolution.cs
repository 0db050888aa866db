using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// Convolution and transposed convolution as im2col + matrix product, differentiable through autograd. It computes the
/// same function as libtorch's convolution without its oneDNN kernels: unfold/fold are ATen loops, the product is GEMM.
/// </summary>
internal static class Im2ColConvolution
{
    /// <summary>y = conv(x, w) + b for a weight [out, in, k, k] (one group, no dilation).</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride, int padding)
    {
        long n = x.shape[0], outChannels = weight.shape[0], k = weight.shape[2];
        long outHeight = (x.shape[2] + 2 * padding - k) / stride + 1, outWidth = (x.shape[3] + 2 * padding - k) / stride + 1;
        using var columns = F.unfold(x, (k, k), dilation: (1, 1), padding: (padding, padding), stride: (stride, stride)); // [N, C·k·k, L]
        using var flat = weight.reshape(outChannels, -1);
        using var product = flat.matmul(columns); // [N, O, L]
        var y = product.view(n, outChannels, outHeight, outWidth);
        return bias is null ? y : AddBias(y, bias);
    }

    /// <summary>The transposed convolution for a weight [in, out, k, k] (one group, no dilation, no output padding).</summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, int stride, int padding)
    {
        long n = x.shape[0], inChannels = weight.shape[0], k = weight.shape[2];
        long outHeight = (x.shape[2] - 1) * stride - 2 * padding + k, outWidth = (x.shape[3] - 1) * stride - 2 * padding + k;
        using var flat = weight.reshape(inChannels, -1).t(); // [O·k·k, C]
        using var rows = x.reshape(n, inChannels, -1); // [N, C, H·W]
        using var columns = flat.matmul(rows); // [N, O·k·k, H·W]: each input pixel's contribution to every tap
        var y = F.fold(columns, (outHeight, outWidth), (k, k), dilation: (1, 1), padding: (padding, padding), stride: (stride, stride));
        return bias is null ? y : AddBias(y, bias);
    }

    private static Tensor AddBias(Tensor y, Tensor bias)
    {
        using var planes = bias.view(1, -1, 1, 1);
        using (y) return y.add(planes);
    }
}
