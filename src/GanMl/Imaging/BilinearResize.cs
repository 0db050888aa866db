namespace GanMl;

/// <summary>Bilinear resizing with torch's <c>F.interpolate(mode="bilinear", align_corners=False)</c> semantics (no antialiasing).</summary>
internal static class BilinearResize
{
    /// <summary>Source indices and weights along one axis.</summary>
    public static (int[] I0, int[] I1, float[] L1) Axis(int inSize, int outSize)
    {
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var l1 = new float[outSize];
        float scale = (float)inSize / outSize; // torch uses float scales for size-given interpolation
        for (int o = 0; o < outSize; o++)
        {
            float src = scale * (o + 0.5f) - 0.5f;
            if (src < 0) src = 0;
            int a = (int)src;
            int b = a < inSize - 1 ? a + 1 : a;
            i0[o] = a;
            i1[o] = b;
            l1[o] = src - a;
        }
        return (i0, i1, l1);
    }

    /// <summary>Resizes one H x W plane into an S x S destination.</summary>
    public static void Plane(ReadOnlySpan<float> src, int h, int w, Span<float> dst, int outH, int outW,
        (int[] I0, int[] I1, float[] L1) ry, (int[] I0, int[] I1, float[] L1) rx)
    {
        for (int oy = 0; oy < outH; oy++)
        {
            int y0 = ry.I0[oy], y1 = ry.I1[oy];
            float ly = ry.L1[oy], hy = 1 - ly;
            var r0 = src.Slice(y0 * w, w);
            var r1 = src.Slice(y1 * w, w);
            for (int ox = 0; ox < outW; ox++)
            {
                int x0 = rx.I0[ox], x1 = rx.I1[ox];
                float lx = rx.L1[ox], hx = 1 - lx;
                dst[oy * outW + ox] = hy * (hx * r0[x0] + lx * r0[x1]) + ly * (hx * r1[x0] + lx * r1[x1]);
            }
        }
    }
}
