using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GanMl.Metrics;

/// <summary>
/// Small, vectorised, parallel dense kernels on row-major <see cref="double"/> arrays.
/// MathNet.Numerics 5 runs on its managed provider here (no MKL/OpenBLAS), whose
/// general routines are several times slower than these specialised loops.
/// </summary>
internal static class DenseKernels
{
    private static readonly int W = Vector<double>.Count;

    /// <summary>
    /// C[i, j] += sum_k A[k, i] * B[k, j] for C (m x n, row-major, leading dimension n),
    /// A (kCount x m, leading dimension m) and B (kCount x n, leading dimension n).
    /// </summary>
    /// <param name="a">A, kCount x m.</param>
    /// <param name="b">B, kCount x n.</param>
    /// <param name="kCount">Inner dimension.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="c">C, accumulated into.</param>
    /// <param name="upperOnly">Only entries with j &gt;= i need to be right (others may hold partial junk).</param>
    /// <param name="aZeroAboveDiagonalRows">A[k, i] is zero for k &lt; i (A lower triangular, zeros stored): k starts at the row block.</param>
    /// <param name="bLowerTriangular">B[k, j] is zero for j &gt; k (and stored as zeros): blocks of zeros are skipped.</param>
    public static void AtBAdd(double[] a, double[] b, int kCount, int m, int n, double[] c,
        bool upperOnly = false, bool aZeroAboveDiagonalRows = false, bool bLowerTriangular = false)
    {
        const int KB = 64; // k-block: a 64 x n panel of B stays in cache while every row quad of C sweeps it
        int quads = (m + 3) / 4;
        void Body(int q)
        {
            int i0 = q * 4;
            int ni = Math.Min(4, m - i0);
            int k0 = aZeroAboveDiagonalRows ? i0 : 0;
            int jStart = upperOnly ? i0 : 0;
            ref double ar = ref MemoryMarshal.GetArrayDataReference(a);
            ref double br = ref MemoryMarshal.GetArrayDataReference(b);
            ref double cr = ref MemoryMarshal.GetArrayDataReference(c);
            nint c0 = (nint)i0 * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
            for (int kb = k0; kb < kCount; kb += KB)
            {
                int kEnd = Math.Min(kb + KB, kCount);
                // With B lower triangular, B[k, j] = 0 for j > k: columns past kEnd - 1 get nothing from this block.
                int jEnd = bLowerTriangular ? Math.Min(n, kEnd) : n;
                if (ni < 4)
                {
                    for (int k = kb; k < kEnd; k++)
                    {
                        nint bRow = (nint)k * n;
                        for (int t = 0; t < ni; t++)
                        {
                            double s = Unsafe.Add(ref ar, (nint)k * m + i0 + t);
                            if (s == 0) continue;
                            nint crow = (nint)(i0 + t) * n;
                            for (int j = jStart; j < jEnd; j++)
                                Unsafe.Add(ref cr, crow + j) += s * Unsafe.Add(ref br, bRow + j);
                        }
                    }
                    continue;
                }
                int jj = jStart;
                // 4 x 2W register tile of C, k innermost.
                for (; jj <= jEnd - 2 * W; jj += 2 * W)
                {
                    int kFrom = bLowerTriangular ? Math.Max(kb, jj) : kb; // rows k < jj of B are zero on this tile
                    if (kFrom >= kEnd) continue;
                    nint j = jj;
                    var x00 = Vector.LoadUnsafe(ref cr, (nuint)(c0 + j)); var x01 = Vector.LoadUnsafe(ref cr, (nuint)(c0 + j + W));
                    var x10 = Vector.LoadUnsafe(ref cr, (nuint)(c1 + j)); var x11 = Vector.LoadUnsafe(ref cr, (nuint)(c1 + j + W));
                    var x20 = Vector.LoadUnsafe(ref cr, (nuint)(c2 + j)); var x21 = Vector.LoadUnsafe(ref cr, (nuint)(c2 + j + W));
                    var x30 = Vector.LoadUnsafe(ref cr, (nuint)(c3 + j)); var x31 = Vector.LoadUnsafe(ref cr, (nuint)(c3 + j + W));
                    for (int k = kFrom; k < kEnd; k++)
                    {
                        nint aOff = (nint)k * m + i0;
                        nint bOff = (nint)k * n + j;
                        var b0 = Vector.LoadUnsafe(ref br, (nuint)bOff);
                        var b1 = Vector.LoadUnsafe(ref br, (nuint)(bOff + W));
                        var s0 = new Vector<double>(Unsafe.Add(ref ar, aOff));
                        x00 += s0 * b0; x01 += s0 * b1;
                        var s1 = new Vector<double>(Unsafe.Add(ref ar, aOff + 1));
                        x10 += s1 * b0; x11 += s1 * b1;
                        var s2 = new Vector<double>(Unsafe.Add(ref ar, aOff + 2));
                        x20 += s2 * b0; x21 += s2 * b1;
                        var s3 = new Vector<double>(Unsafe.Add(ref ar, aOff + 3));
                        x30 += s3 * b0; x31 += s3 * b1;
                    }
                    x00.StoreUnsafe(ref cr, (nuint)(c0 + j)); x01.StoreUnsafe(ref cr, (nuint)(c0 + j + W));
                    x10.StoreUnsafe(ref cr, (nuint)(c1 + j)); x11.StoreUnsafe(ref cr, (nuint)(c1 + j + W));
                    x20.StoreUnsafe(ref cr, (nuint)(c2 + j)); x21.StoreUnsafe(ref cr, (nuint)(c2 + j + W));
                    x30.StoreUnsafe(ref cr, (nuint)(c3 + j)); x31.StoreUnsafe(ref cr, (nuint)(c3 + j + W));
                }
                // Remaining columns (< 2W): scalar.
                for (; jj < jEnd; jj++)
                {
                    int kFrom = bLowerTriangular ? Math.Max(kb, jj) : kb;
                    double y0 = Unsafe.Add(ref cr, c0 + jj), y1 = Unsafe.Add(ref cr, c1 + jj),
                           y2 = Unsafe.Add(ref cr, c2 + jj), y3 = Unsafe.Add(ref cr, c3 + jj);
                    for (int k = kFrom; k < kEnd; k++)
                    {
                        nint aOff = (nint)k * m + i0;
                        double x = Unsafe.Add(ref br, (nint)k * n + jj);
                        y0 += Unsafe.Add(ref ar, aOff) * x;
                        y1 += Unsafe.Add(ref ar, aOff + 1) * x;
                        y2 += Unsafe.Add(ref ar, aOff + 2) * x;
                        y3 += Unsafe.Add(ref ar, aOff + 3) * x;
                    }
                    Unsafe.Add(ref cr, c0 + jj) = y0; Unsafe.Add(ref cr, c1 + jj) = y1;
                    Unsafe.Add(ref cr, c2 + jj) = y2; Unsafe.Add(ref cr, c3 + jj) = y3;
                }
            }
        }

        long work = (long)kCount * m * n;
        if (work < 200_000 || quads == 1)
        {
            for (int q = 0; q < quads; q++) Body(q);
        }
        else
        {
            Parallel.For(0, quads, Body);
        }
    }

    /// <summary>Dot product of two equally long spans.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int len = x.Length;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        int j = 0;
        for (; j <= len - 2 * W; j += 2 * W)
        {
            acc0 += Vector.LoadUnsafe(ref xr, (nuint)j) * Vector.LoadUnsafe(ref yr, (nuint)j);
            acc1 += Vector.LoadUnsafe(ref xr, (nuint)(j + W)) * Vector.LoadUnsafe(ref yr, (nuint)(j + W));
        }
        double s = Vector.Sum(acc0 + acc1);
        for (; j < len; j++) s += Unsafe.Add(ref xr, j) * Unsafe.Add(ref yr, j);
        return s;
    }

    /// <summary>y += alpha * x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int len = x.Length;
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        var va = new Vector<double>(alpha);
        int j = 0;
        for (; j <= len - W; j += W)
            (Vector.LoadUnsafe(ref yr, (nuint)j) + va * Vector.LoadUnsafe(ref xr, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
        for (; j < len; j++) Unsafe.Add(ref yr, j) += alpha * Unsafe.Add(ref xr, j);
    }

    /// <summary>
    /// C = P Q^T for P (rows x d) and Q (cols x d), row-major. When <paramref name="symmetric"/> (P and Q the same
    /// matrix) only the upper triangle is computed and then mirrored.
    /// </summary>
    public static double[] ABt(double[] p, int rows, double[] q, int cols, int d, bool symmetric = false)
    {
        var c = new double[(long)rows * cols];
        void Row(int i)
        {
            var pi = new ReadOnlySpan<double>(p, i * d, d);
            for (int j = symmetric ? i : 0; j < cols; j++)
                c[(long)i * cols + j] = Dot(pi, new ReadOnlySpan<double>(q, j * d, d));
        }
        if ((long)rows * cols * d < 200_000) for (int i = 0; i < rows; i++) Row(i);
        else Parallel.For(0, rows, Row);
        if (symmetric)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < i; j++)
                    c[(long)i * cols + j] = c[(long)j * cols + i];
        return c;
    }

    /// <summary>Copies the upper triangle of a square row-major matrix onto its lower triangle.</summary>
    public static void MirrorUpper(double[] c, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                c[(long)i * n + j] = c[(long)j * n + i];
    }

    /// <summary>Transpose of a rows x cols row-major matrix.</summary>
    public static double[] Transpose(double[] x, int rows, int cols)
    {
        var t = new double[x.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                t[(long)j * rows + i] = x[(long)i * cols + j];
        return t;
    }
}
