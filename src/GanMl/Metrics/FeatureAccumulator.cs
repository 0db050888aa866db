using System.Numerics;

namespace GanMl.Metrics;

/// <summary>
/// Streams feature rows into a mean and covariance in double precision. Rows are shifted by the first row
/// (so sums stay small and the final centring loses no digits) and added in blocks with a vectorised,
/// parallel rank-k update of the upper triangle of the scatter matrix. While rows are kept (fewer than the
/// <c>keepRowsUpTo</c> limit) no scatter matrix is formed at all: the statistics then hold the centred rows, and the
/// d x d covariance is computed only if asked for.
/// </summary>
public sealed class FeatureAccumulator
{
    private const int BlockRows = 64;
    private readonly int _dimension;
    private readonly long _keepRowsUpTo;
    private readonly double[] _shift;
    private readonly double[] _sum;
    private double[]? _scatter; // upper triangle of sum (x - shift)(x - shift)^T; allocated once rows are no longer kept
    private readonly double[] _block;
    private int _blockCount;
    private long _count;
    private List<double[]>? _kept = new();

    /// <summary>Creates an accumulator for rows of <paramref name="dimension"/> features.</summary>
    /// <param name="dimension">Number of features per row (at least 1).</param>
    /// <param name="keepRowsUpTo">Keep the raw rows (for the exact n-space Fréchet path) as long as at most this many rows
    /// were added; 0 keeps none. Memory: rows x dimension doubles.</param>
    public FeatureAccumulator(int dimension, long keepRowsUpTo = 0)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The feature dimension must be at least 1.");
        if (keepRowsUpTo < 0) throw new ArgumentOutOfRangeException(nameof(keepRowsUpTo), keepRowsUpTo, "Must be 0 or positive.");
        _dimension = dimension;
        _keepRowsUpTo = keepRowsUpTo;
        _shift = new double[dimension];
        _sum = new double[dimension];
        _block = new double[(long)BlockRows * dimension];
        if (keepRowsUpTo == 0) _kept = null;
    }

    /// <summary>Number of features per row.</summary>
    public int Dimension => _dimension;

    /// <summary>Number of rows added so far.</summary>
    public long Count => _count;

    /// <summary>Adds one row of features. Throws <see cref="ArgumentException"/> on a wrong length or a non-finite value (naming row and
    /// column).</summary>
    public void Add(ReadOnlySpan<float> row) => AddRow(row);

    /// <summary>Adds one row of features. Throws <see cref="ArgumentException"/> on a wrong length or a non-finite value (naming row and
    /// column).</summary>
    public void Add(ReadOnlySpan<double> row) => AddRow(row);

    // One path for both element types: the JIT compiles it per value type, so the conversion is a plain widening.
    private void AddRow<T>(ReadOnlySpan<T> row) where T : struct, IFloatingPointIeee754<T>
    {
        CheckLength(row.Length);
        var dst = new Span<double>(_block, _blockCount * _dimension, _dimension);
        for (int j = 0; j < row.Length; j++)
        {
            T x = row[j];
            if (!T.IsFinite(x)) throw NonFinite(j, double.CreateTruncating(x));
            dst[j] = double.CreateTruncating(x);
        }
        Commit(dst);
    }

    private void CheckLength(int length)
    {
        if (length != _dimension)
            throw new ArgumentException($"Feature row {_count} has {length} values; expected {_dimension} (the dimension of the first row).");
    }

    private ArgumentException NonFinite(int column, double value) =>
        new($"Feature value at row {_count}, column {column} is {value}; features must be finite numbers.");

    private void Commit(Span<double> dst)
    {
        if (_count == 0) dst.CopyTo(_shift);
        if (_kept != null)
        {
            if (_count < _keepRowsUpTo) _kept.Add(dst.ToArray());
            else StopKeepingRows();
        }
        for (int j = 0; j < _dimension; j++) dst[j] -= _shift[j];
        _count++;
        _blockCount++;
        if (_blockCount == BlockRows) Flush();
    }

    private void Flush()
    {
        if (_blockCount == 0) return;
        for (int r = 0; r < _blockCount; r++)
            DenseKernels.Axpy(1.0, new ReadOnlySpan<double>(_block, r * _dimension, _dimension), _sum);
        if (_kept == null) DenseKernels.AtBAdd(_block, _block, _blockCount, _dimension, _dimension, Scatter(), upperOnly: true);
        _blockCount = 0;
    }

    private double[] Scatter() => _scatter ??= new double[(long)_dimension * _dimension];

    /// <summary>Past the row limit: the scatter matrix takes over, starting with the rows kept so far (already in the sum).</summary>
    private void StopKeepingRows()
    {
        var kept = _kept!;
        _kept = null;
        // Rows of the pending block are among the kept ones but not yet in the sum: Flush adds them to both below.
        int flushed = (int)(_count - _blockCount);
        var shifted = new double[(long)BlockRows * _dimension];
        for (int start = 0; start < flushed; start += BlockRows)
        {
            int rows = Math.Min(BlockRows, flushed - start);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < _dimension; j++) shifted[(long)r * _dimension + j] = kept[start + r][j] - _shift[j];
            DenseKernels.AtBAdd(shifted, shifted, rows, _dimension, _dimension, Scatter(), upperOnly: true);
        }
    }

    /// <summary>Mean, covariance (divisor n - 1) and count of the rows added so far. Needs at least two rows.</summary>
    public FeatureStatistics ToStatistics()
    {
        if (_count < 2)
            throw new InvalidOperationException($"Feature statistics need at least 2 rows to estimate a covariance; got {_count}.");
        Flush();
        int d = _dimension;
        long n = _count;
        var meanShifted = new double[d];
        for (int j = 0; j < d; j++) meanShifted[j] = _sum[j] / n;
        var mean = new double[d];
        for (int j = 0; j < d; j++) mean[j] = _shift[j] + meanShifted[j];

        if (_kept != null && _kept.Count == n)
        {
            // Centred rows only: the covariance is formed lazily, from these rows (two-pass), if anyone asks.
            var centered = new double[n * d];
            for (int r = 0; r < n; r++)
            {
                var src = _kept[r];
                long o = (long)r * d;
                for (int j = 0; j < d; j++) centered[o + j] = src[j] - mean[j];
            }
            return new FeatureStatistics(mean, null, d, n, centered);
        }
        var scatter = Scatter();
        var cov = new double[(long)d * d];
        for (int i = 0; i < d; i++)
        {
            long row = (long)i * d;
            for (int j = i; j < d; j++)
            {
                double v = (scatter[row + j] - n * meanShifted[i] * meanShifted[j]) / (n - 1);
                cov[row + j] = v;
                cov[(long)j * d + i] = v;
            }
        }
        return new FeatureStatistics(mean, cov, d, n, null);
    }
}
