namespace GanMl.Torch;

/// <summary>How a square image side decomposes into a small start grid doubled <see cref="Upsamplings"/> times (28 = 7·2², 32 = 4·2³, 64 = 4·2⁴).</summary>
internal sealed record DcganLayout(int StartSize, int Upsamplings)
{
    public static DcganLayout For(ImageShape shape)
    {
        if (shape.Height != shape.Width)
            throw new ArgumentException($"Dcgan needs square images, got ImageShape {shape}.", nameof(ImageShape));
        int size = shape.Height, k = 0;
        while (size % 2 == 0 && size > 7) { size /= 2; k++; }
        if (k < 2 || size < 3)
            throw new ArgumentException($"Dcgan supports square sides of s·2^k with s in 3..7 and k ≥ 2 (e.g. 28, 32, 64), got {shape.Height}.", nameof(ImageShape));
        return new DcganLayout(size, k);
    }
}
