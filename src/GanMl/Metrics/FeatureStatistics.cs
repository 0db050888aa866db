namespace GanMl.Metrics;

/// <summary>
/// Mean, covariance (divisor n - 1) and count of a set of feature vectors, accumulated in double precision:
/// the Gaussian that the Fréchet distance compares. Optionally keeps the centred features for the exact
/// small-sample path of <see cref="FrechetDistance"/>.
/// </summary>
public sealed class FeatureStatistics
{
    private readonly double[] _mean;
    // Null while only the centred rows are known: with n < d the Fréchet distance needs no d x d matrix, so it is formed
    // only when a caller asks for it (n d² work, d² memory).
    private double[]? _covariance;
    private readonly double[]? _centered;

    internal FeatureStatistics(double[] mean, double[]? covariance, int dimension, long count, double[]? centered)
    {
        if (covariance is null && centered is null) throw new ArgumentException("Statistics need a covariance or the centred rows.", nameof(covariance));
        _mean = mean;
        _covariance = covariance;
        Dimension = dimension;
        Count = count;
        _centered = centered;
    }

    /// <summary>Creates statistics from a mean vector and a covariance matrix (checked to be square, finite and symmetric).</summary>
    /// <param name="mean">Mean vector of length d.</param>
    /// <param name="covariance">Covariance matrix d x d.</param>
    /// <param name="count">Number of samples behind the estimate; 0 when unknown.</param>
    public FeatureStatistics(double[] mean, double[,] covariance, long count = 0)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        int d = mean.Length;
        if (d == 0) throw new ArgumentException("The mean vector is empty.", nameof(mean));
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d)
            throw new ArgumentException($"The covariance must be {d}x{d} to match the mean; got {covariance.GetLength(0)}x{covariance.GetLength(1)}.", nameof(covariance));
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Must be 0 (unknown) or positive.");
        var cov = new double[(long)d * d];
        for (int i = 0; i < d; i++)
        {
            if (!double.IsFinite(mean[i])) throw new ArgumentException($"Mean element {i} is {mean[i]}; it must be finite.", nameof(mean));
            for (int j = 0; j < d; j++)
            {
                double v = covariance[i, j];
                if (!double.IsFinite(v)) throw new ArgumentException($"Covariance element [{i},{j}] is {v}; it must be finite.", nameof(covariance));
                cov[(long)i * d + j] = v;
            }
        }
        CheckSymmetric(cov, d, nameof(covariance));
        _mean = (double[])mean.Clone();
        _covariance = cov;
        Dimension = d;
        Count = count;
    }

    internal static void CheckSymmetric(double[] cov, int d, string name)
    {
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
            {
                double a = cov[(long)i * d + j], b = cov[(long)j * d + i];
                if (Math.Abs(a - b) > 1e-8 * (Math.Abs(a) + Math.Abs(b)) + 1e-300)
                    throw new ArgumentException($"The covariance is not symmetric: [{i},{j}] = {a} but [{j},{i}] = {b}.", name);
            }
    }

    /// <summary>Number of features per vector (d).</summary>
    public int Dimension { get; }

    /// <summary>Number of feature vectors behind these statistics; 0 when unknown (e.g. loaded from a pytorch-fid .npz).</summary>
    public long Count { get; }

    /// <summary>Mean vector (length d).</summary>
    public ReadOnlyMemory<double> Mean => _mean;

    /// <summary>Covariance matrix, row-major d x d, divisor n - 1 (formed on first use when only the centred rows are kept).</summary>
    public ReadOnlyMemory<double> Covariance => CovarianceArray;

    /// <summary>True when the centred feature rows were kept (see <c>keepCenteredFeatures</c>), enabling the exact n-space path.</summary>
    public bool HasCenteredFeatures => _centered != null;

    /// <summary>Centred feature rows (row-major Count x d), or empty when not kept.</summary>
    public ReadOnlyMemory<double> CenteredFeatures => _centered ?? ReadOnlyMemory<double>.Empty;

    internal double[] MeanArray => _mean;
    internal double[] CovarianceArray => LazyInitializer.EnsureInitialized(ref _covariance, CovarianceFromRows);

    /// <summary>Whether the d x d covariance has been formed (it is not needed for the small-sample Fréchet path).</summary>
    internal bool HasCovariance => _covariance is not null;

    /// <summary>Xcᵀ Xc / (n - 1) from the kept centred rows: two-pass, the most accurate form.</summary>
    private double[] CovarianceFromRows()
    {
        int d = Dimension;
        var cov = new double[(long)d * d];
        DenseKernels.AtBAdd(_centered!, _centered!, (int)Count, d, d, cov, upperOnly: true);
        double inv = 1.0 / (Count - 1);
        for (long i = 0; i < cov.Length; i++) cov[i] *= inv;
        DenseKernels.MirrorUpper(cov, d);
        return cov;
    }
    internal double[]? CenteredArray => _centered;

    /// <summary>Trace of the covariance.</summary>
    public double CovarianceTrace
    {
        get
        {
            double t = 0;
            if (_covariance is { } cov)
                for (int i = 0; i < Dimension; i++) t += cov[(long)i * Dimension + i];
            else
                t = DenseKernels.Dot(_centered!, _centered!) / (Count - 1);
            return t;
        }
    }

    /// <summary>The covariance as a new two-dimensional array.</summary>
    public double[,] GetCovarianceMatrix()
    {
        int d = Dimension;
        var m = new double[d, d];
        var cov = CovarianceArray;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                m[i, j] = cov[(long)i * d + j];
        return m;
    }

    /// <summary>Statistics of feature rows (each row one sample, all rows the same length).</summary>
    /// <param name="features">Rows of features; at least 2.</param>
    /// <param name="keepCenteredFeatures">Keep the centred rows for the exact n-space Fréchet path (useful when n is below d).</param>
    public static FeatureStatistics FromFeatures(float[][] features, bool keepCenteredFeatures = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length < 2) throw new ArgumentException($"At least 2 feature rows are needed to estimate a covariance; got {features.Length}.", nameof(features));
        for (int r = 0; r < features.Length; r++)
            if (features[r] is null) throw new ArgumentException($"Feature row {r} is null.", nameof(features));
        var acc = new FeatureAccumulator(features[0].Length, keepCenteredFeatures ? long.MaxValue : 0);
        foreach (var row in features) acc.Add(row);
        return acc.ToStatistics();
    }

    /// <summary>Statistics of a samples x features matrix.</summary>
    /// <param name="features">One sample per row; at least 2 rows.</param>
    /// <param name="keepCenteredFeatures">Keep the centred rows for the exact n-space Fréchet path.</param>
    public static FeatureStatistics FromFeatures(double[,] features, bool keepCenteredFeatures = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        int n = features.GetLength(0), d = features.GetLength(1);
        if (n < 2) throw new ArgumentException($"At least 2 feature rows are needed to estimate a covariance; got {n}.", nameof(features));
        if (d < 1) throw new ArgumentException("The feature matrix has no columns.", nameof(features));
        var acc = new FeatureAccumulator(d, keepCenteredFeatures ? long.MaxValue : 0);
        var row = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) row[j] = features[r, j];
            acc.Add(row);
        }
        return acc.ToStatistics();
    }

    /// <summary>Statistics of a flat row-major buffer of samples, each <paramref name="dimension"/> long.</summary>
    /// <param name="features">Row-major samples; length must be a multiple of <paramref name="dimension"/>.</param>
    /// <param name="dimension">Features per sample.</param>
    /// <param name="keepCenteredFeatures">Keep the centred rows for the exact n-space Fréchet path.</param>
    public static FeatureStatistics FromFeatures(float[] features, int dimension, bool keepCenteredFeatures = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The feature dimension must be at least 1.");
        if (features.Length % dimension != 0)
            throw new ArgumentException($"The buffer length {features.Length} is not a multiple of the dimension {dimension}.", nameof(features));
        int n = features.Length / dimension;
        if (n < 2) throw new ArgumentException($"At least 2 feature rows are needed to estimate a covariance; got {n}.", nameof(features));
        var acc = new FeatureAccumulator(dimension, keepCenteredFeatures ? long.MaxValue : 0);
        for (int r = 0; r < n; r++) acc.Add(new ReadOnlySpan<float>(features, r * dimension, dimension));
        return acc.ToStatistics();
    }

    /// <summary>
    /// The statistics of the union of the sets behind <paramref name="parts"/> (for example shards computed on different
    /// workers), by Chan et al.'s parallel update of counts, means and co-moment matrices: the same, up to rounding, as one
    /// pass over all rows. Every part needs its <see cref="Count"/>; centred features are not kept.
    /// </summary>
    /// <param name="parts">Statistics of disjoint sets of rows with the same dimension.</param>
    public static FeatureStatistics Merge(params FeatureStatistics[] parts) => StatisticsMerge.Merge(parts);

    /// <summary>
    /// Writes the statistics in pytorch-fid's .npz layout: a zip holding <c>mu.npy</c> (float64, d) and
    /// <c>sigma.npy</c> (float64, d x d), plus <c>n.npy</c> (the sample count, one float64) when it is known, which
    /// pytorch-fid ignores and <see cref="Merge"/> needs. The file is written to a temporary name and renamed into place.
    /// </summary>
    /// <param name="path">Destination file (conventionally ending in .npz).</param>
    public void SaveNpz(string path) => Npz.Save(path, _mean, CovarianceArray, Dimension, Count);

    /// <summary>
    /// Reads statistics from an .npz with <c>mu</c> and <c>sigma</c> arrays (as pytorch-fid's <c>--save-stats</c> and
    /// <c>np.savez(path, mu=..., sigma=...)</c> write them): little-endian float64 or float32, C order.
    /// <see cref="Count"/> comes from the 'n' array that <see cref="SaveNpz"/> adds (so saved shards can be merged), else 0 (unknown).
    /// </summary>
    /// <param name="path">The .npz file.</param>
    public static FeatureStatistics LoadNpz(string path)
    {
        var (mu, sigma, d, count) = Npz.Load(path);
        return new FeatureStatistics(mu, sigma, d, count, null);
    }
}
