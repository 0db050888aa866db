namespace GanMl;

/// <summary>
/// The generator's noise: standard normal floats from SplitMix64 (Steele, Lea and Flood 2014) and the Box–Muller transform.
/// Counter-based: element e of a seed's stream depends only on (seed, e), so rows can be filled in any batch order and
/// the stream of n rows is the first part of the stream of more rows. System.Random's seeded algorithm is not used for
/// the noise because .NET does not promise it for new code; this one is fixed here.
/// </summary>
internal static class StandardNormalNoise
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    /// <summary>Fills <paramref name="destination"/> with elements <paramref name="offset"/>, <paramref name="offset"/> + 1, … of
    /// <paramref name="seed"/>'s stream.</summary>
    public static void Fill(Span<float> destination, int seed, long offset)
    {
        ulong start = (ulong)(long)seed;
        for (int i = 0; i < destination.Length;)
        {
            long element = offset + i;
            long pair = element >> 1;
            // SplitMix64 outputs 2·pair and 2·pair + 1 (its state after k steps is seed + k·golden).
            ulong a = Mix(start + (ulong)(2 * pair + 1) * Golden), b = Mix(start + (ulong)(2 * pair + 2) * Golden);
            double u1 = ((a >> 11) + 1) * TwoToMinus53; // (0, 1]: the logarithm stays finite
            double u2 = (b >> 11) * TwoToMinus53;       // [0, 1)
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
            if ((element & 1) == 0)
            {
                destination[i++] = (float)(r * cos);
                if (i < destination.Length) destination[i++] = (float)(r * sin);
            }
            else destination[i++] = (float)(r * sin);
        }
    }

    /// <summary>SplitMix64's output function.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
