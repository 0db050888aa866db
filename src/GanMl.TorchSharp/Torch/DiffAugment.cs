using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// DiffAugment on N×C×H×W tensors. Every random draw comes from the given generator, so runs stay reproducible.
/// The operations are differentiable, so G gets gradients through them.
/// </summary>
internal static class DiffAugment
{
    public static Tensor Apply(Tensor images, DiffAugmentPolicy policy, Generator generator)
    {
        var x = images;
        if (policy.HasFlag(DiffAugmentPolicy.Color)) x = Color(x, generator);
        if (policy.HasFlag(DiffAugmentPolicy.Translation)) x = Translate(x, generator, 0.125);
        if (policy.HasFlag(DiffAugmentPolicy.Cutout)) x = Cutout(x, generator, 0.5);
        return x;
    }

    private static Tensor Uniform(Tensor like, Generator generator) =>
        rand([like.shape[0], 1, 1, 1], generator: generator).to(like.device);

    private static Tensor Color(Tensor x, Generator generator)
    {
        x = x + Uniform(x, generator).sub_(Scalars.Half);                        // brightness
        var channelMean = x.mean([1], keepdim: true);
        x = (x - channelMean) * Uniform(x, generator).mul_(Scalars.Two) + channelMean; // saturation
        var imageMean = x.mean([1, 2, 3], keepdim: true);
        return (x - imageMean) * Uniform(x, generator).add_(Scalars.Half) + imageMean; // contrast
    }

    /// <summary>Shifts each image by whole pixels; vacated pixels become 0, as DiffAugment's padded gather does.</summary>
    private static Tensor Translate(Tensor x, Generator generator, double ratio)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        long shiftH = (long)(h * ratio + 0.5), shiftW = (long)(w * ratio + 0.5);
        var dy = randint(-shiftH, shiftH + 1, [n, 1, 1], generator: generator).to(x.device);
        var dx = randint(-shiftW, shiftW + 1, [n, 1, 1], generator: generator).to(x.device);
        // Source index of every output pixel: out[i, j] = in[i + dy, j + dx], with index -1 / h pointing into the zero padding.
        using var lastRow = (h + 1).ToScalar();
        using var lastColumn = (w + 1).ToScalar();
        using var rowLength = (w + 2).ToScalar();
        var rows = (arange(h, device: x.device).view(1, h, 1) + dy).add_(Scalars.One).clamp(Scalars.Zero, lastRow).expand(n, h, w);
        var cols = (arange(w, device: x.device).view(1, 1, w) + dx).add_(Scalars.One).clamp(Scalars.Zero, lastColumn).expand(n, h, w);
        var padded = F.pad(x, [1, 1, 1, 1]);
        var flat = padded.flatten(2);                                             // N×C×(H+2)(W+2)
        var index = (rows.mul(rowLength) + cols).flatten(1).unsqueeze(1).expand(-1, x.shape[1], -1);
        return flat.gather(2, index).view(n, x.shape[1], h, w);
    }

    private static Tensor Cutout(Tensor x, Generator generator, double ratio)
    {
        long n = x.shape[0], h = x.shape[2], w = x.shape[3];
        long sizeH = (long)(h * ratio + 0.5), sizeW = (long)(w * ratio + 0.5);
        using var halfH = (sizeH / 2).ToScalar();
        using var halfW = (sizeW / 2).ToScalar();
        using var height = sizeH.ToScalar();
        using var width = sizeW.ToScalar();
        var offsetY = randint(0, h + (1 - sizeH % 2), [n, 1, 1], generator: generator).to(x.device).sub_(halfH);
        var offsetX = randint(0, w + (1 - sizeW % 2), [n, 1, 1], generator: generator).to(x.device).sub_(halfW);
        var rows = arange(h, device: x.device).view(1, h, 1);
        var cols = arange(w, device: x.device).view(1, 1, w);
        var inRows = rows.ge(offsetY).logical_and(rows.lt(offsetY.add(height)));
        var inCols = cols.ge(offsetX).logical_and(cols.lt(offsetX.add(width)));
        var keep = inRows.logical_and(inCols).logical_not().to(x.dtype).unsqueeze(1);
        return x * keep;
    }
}
