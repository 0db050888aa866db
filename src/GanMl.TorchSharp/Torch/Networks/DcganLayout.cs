namespace GanMl.Torch;

/// <summary>How a square image side decomposes into a small start grid doubled <see cref="Upsamplings"/> times (28 = 7·2², 32 = 4·2³, 64 =
/// 4·2⁴).</summary>
internal sealed record DcganLayout(int StartSize, int Upsamplings)
{
    public static DcganLayout For(ImageShape shape)
    {
        if (shape.Height != shape.Width)
            throw new ArgumentException($"Dcgan needs square images, got ImageShape {shape}.", nameof(ImageShape));
        int side = shape.Height;
        for (int k = 2; (side >> k) >= 3; k++)
            if (side % (1 << k) == 0 && (side >> k) <= 7) return new DcganLayout(side >> k, k);
        throw new ArgumentException($"Dcgan supports square sides of s·2^k with s in 3..7 and k ≥ 2 (e.g. 28, 32, 64), got {side}.", nameof(ImageShape));
    }
}
