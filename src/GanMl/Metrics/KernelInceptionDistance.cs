namespace GanMl.Metrics;

/// <summary>
/// Kernel Inception Distance (Bińkowski et al. 2018): the unbiased MMD^2 between two feature sets with the cubic
/// polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over random subsets as clean-fid's <c>kernel_distance</c>
/// does. Unbiased, so it is meaningful for small samples where FID is biased upwards.
/// </summary>
public static class KernelInceptionDistance
{
    /// <summary>KID between two sets of feature rows.</summary>
    /// <param name="real">Reference rows (n1 x d).</param>
    /// <param name="generated">Generated rows (n2 x d).</param>
    /// <param name="subsets">Number of random subsets (clean-fid: 100).</param>
    /// <param name="subsetSize">Rows per subset, capped at min(n1, n2) (clean-fid: 1000).</param>
    /// <param name="seed">Seed of the subset sampling.</param>
    public static KidResult Compute(float[][] real, float[][] generated, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Length == 0 || generated.Length == 0) throw new ArgumentException("Both feature sets need rows.");
        int d = real[0]?.Length ?? throw new ArgumentException("Feature row 0 of the reference set is null.", nameof(real));
        return Compute(Flatten(real, d, nameof(real)), real.Length, Flatten(generated, d, nameof(generated)), generated.Length, d, subsets, subsetSize, seed);
    }

    /// <summary>KID between two flat row-major feature buffers with <paramref name="dimension"/> features per row.</summary>
    /// <param name="real">Reference rows, row-major.</param>
    /// <param name="generated">Generated rows, row-major.</param>
    /// <param name="dimension">Features per row.</param>
    /// <param name="subsets">Number of random subsets (clean-fid: 100).</param>
    /// <param name="subsetSize">Rows per subset, capped at min(n1, n2) (clean-fid: 1000).</param>
    /// <param name="seed">Seed of the subset sampling.</param>
    public static KidResult Compute(float[] real, float[] generated, int dimension, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Must be at least 1.");
        if (real.Length % dimension != 0 || generated.Length % dimension != 0)
            throw new ArgumentException($"Buffer lengths ({real.Length}, {generated.Length}) must be multiples of the dimension {dimension}.");
        var r = new double[real.Length];
        for (int i = 0; i < r.Length; i++) r[i] = CheckFinite(real[i], i, dimension, nameof(real));
        var g = new double[generated.Length];
        for (int i = 0; i < g.Length; i++) g[i] = CheckFinite(generated[i], i, dimension, nameof(generated));
        return Compute(r, real.Length / dimension, g, generated.Length / dimension, dimension, subsets, subsetSize, seed);
    }

    private static double CheckFinite(float v, int i, int d, string name)
    {
        if (!float.IsFinite(v)) throw new ArgumentException($"Feature value at row {i / d}, column {i % d} is {v}; features must be finite numbers.", name);
        return v;
    }

    private static double[] Flatten(float[][] rows, int d, string name)
    {
        var x = new double[(long)rows.Length * d];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"Feature row {r} is null.", name);
            if (row.Length != d) throw new ArgumentException($"Feature row {r} has {row.Length} values; expected {d}.", name);
            for (int j = 0; j < d; j++) x[(long)r * d + j] = CheckFinite(row[j], r * d + j, d, name) ;
        }
        return x;
    }

    internal static KidResult Compute(double[] x1, int n1, double[] x2, int n2, int d, int subsets, int subsetSize, int seed)
    {
        if (subsets < 1) throw new ArgumentOutOfRangeException(nameof(subsets), subsets, "At least one subset is needed.");
        if (subsetSize < 2) throw new ArgumentOutOfRangeException(nameof(subsetSize), subsetSize, "Subsets need at least 2 rows.");
        int m = Math.Min(subsetSize, Math.Min(n1, n2));
        if (m < 2) throw new ArgumentException($"KID needs at least 2 rows in each set; got {n1} and {n2}.");
        var rng = new Random(seed);
        var values = new double[subsets];

        // When every set fits in a precomputed kernel matrix (typical for the small samples KID is meant for),
        // compute k(x, y) once for all pairs; otherwise per subset.
        bool precompute = (long)n1 * n1 + (long)n2 * n2 + (long)n1 * n2 <= 12_000_000L;
        double[]? k11 = null, k22 = null, k12 = null;
        if (precompute)
        {
            k11 = Kernel(x1, n1, x1, n1, d, true);
            k22 = Kernel(x2, n2, x2, n2, d, true);
            k12 = Kernel(x1, n1, x2, n2, d, false);
        }
        var idx1 = new int[m];
        var idx2 = new int[m];
        var p1 = Enumerable.Range(0, n1).ToArray();
        var p2 = Enumerable.Range(0, n2).ToArray();
        for (int s = 0; s < subsets; s++)
        {
            Sample(rng, p2, idx2, m); // as clean-fid: generated subset first, then reference subset
            Sample(rng, p1, idx1, m);
            double sxx, syy, sxy;
            if (precompute)
            {
                sxx = OffDiagonalSum(k11!, n1, idx1);
                syy = OffDiagonalSum(k22!, n2, idx2);
                sxy = 0;
                for (int i = 0; i < m; i++)
                {
                    long row = (long)idx1[i] * n2;
                    for (int j = 0; j < m; j++) sxy += k12![row + idx2[j]];
                }
            }
            else
            {
                var a = Gather(x1, idx1, d);
                var b = Gather(x2, idx2, d);
                var kaa = Kernel(a, m, a, m, d, true);
                var kbb = Kernel(b, m, b, m, d, true);
                var kab = Kernel(a, m, b, m, d, false);
                var all = Enumerable.Range(0, m).ToArray();
                sxx = OffDiagonalSum(kaa, m, all);
                syy = OffDiagonalSum(kbb, m, all);
                sxy = kab.Sum();
            }
            values[s] = ((sxx + syy) / (m - 1) - 2 * sxy / m) / m;
        }
        double mean = values.Average();
        double var = 0;
        foreach (var v in values) var += (v - mean) * (v - mean);
        double std = Math.Sqrt(var / subsets);
        if (!double.IsFinite(mean)) throw new ArithmeticException($"KID is not finite ({mean}).");
        return new KidResult(mean, std, m, subsets);
    }

    private static void Sample(Random rng, int[] perm, int[] dst, int m)
    {
        // Partial Fisher-Yates: m distinct indices, uniformly without replacement.
        for (int i = 0; i < m; i++)
        {
            int j = i + rng.Next(perm.Length - i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
            dst[i] = perm[i];
        }
    }

    private static double[] Gather(double[] x, int[] idx, int d)
    {
        var r = new double[(long)idx.Length * d];
        for (int i = 0; i < idx.Length; i++) Array.Copy(x, (long)idx[i] * d, r, (long)i * d, d);
        return r;
    }

    private static double OffDiagonalSum(double[] k, int n, int[] idx)
    {
        double s = 0;
        for (int i = 0; i < idx.Length; i++)
        {
            long row = (long)idx[i] * n;
            for (int j = 0; j < idx.Length; j++)
                if (i != j) s += k[row + idx[j]];
        }
        return s;
    }

    private static double[] Kernel(double[] a, int na, double[] b, int nb, int d, bool symmetric)
    {
        var g = DenseKernels.ABt(a, na, b, nb, d, symmetric);
        double inv = 1.0 / d;
        for (long i = 0; i < g.Length; i++)
        {
            double t = g[i] * inv + 1;
            g[i] = t * t * t;
        }
        return g;
    }
}
