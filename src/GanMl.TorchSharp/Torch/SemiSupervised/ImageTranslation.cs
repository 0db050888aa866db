using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Shifts each image row by its own random offset of up to <c>max</c> pixels in each direction, filling with zeros (the
/// background of rows scaled to [0, 1]): the classic augmentation that teaches a classifier small translations.
/// </summary>
internal static class ImageTranslation
{
    public static Tensor Apply(Tensor rows, ImageShape shape, int max, Generator random)
    {
        if (max <= 0) return rows.alias();
        long n = rows.shape[0];
        int c = shape.Channels, h = shape.Height, w = shape.Width;
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(rows.view(n, c, h, w), [max, max, max, max]);
        // Row offsets in [0, 2·max]; output pixel (i, j) reads padded (i + dy, j + dx).
        var dy = randint(0, 2 * max + 1, [n, 1], generator: random);
        var dx = randint(0, 2 * max + 1, [n, 1], generator: random);
        var rowIndex = (dy + arange(h).view(1, h)).view(n, 1, h, 1).expand(n, c, h, w + 2 * max);
        var picked = padded.gather(2, rowIndex);
        var columnIndex = (dx + arange(w).view(1, w)).view(n, 1, 1, w).expand(n, c, h, w);
        return picked.gather(3, columnIndex).reshape(n, c * h * w).MoveToOuterDisposeScope();
    }
}
