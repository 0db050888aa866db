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
    /// <param name="aZeroAboveDiagonalRows">A[k, i] is zero for k &lt; i (A lower triangular): k starts at the row block.</param>
    /// <param name="bLowerTriangular">B[k, j] is zero for j &gt; k: the j loop stops at k.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AtBAdd(double[] a, double[] b, int kCount, int m, int n, double[] c,
        bool upperOnly = false, bool aZeroAboveDiagonalRows = false, bool bLowerTriangular = false)
    {
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
            for (int k = k0; k < kCount; k++)
            {
                int jEnd = bLowerTriangular ? Math.Min(n, k + 1) : n;
                if (jEnd <= jStart) continue;
                nint aOff = (nint)k * m + i0;
                nint bRow = (nint)k * n;
                if (ni == 4)
                {
                    double s0 = Unsafe.Add(ref ar, aOff), s1 = Unsafe.Add(ref ar, aOff + 1),
                           s2 = Unsafe.Add(ref ar, aOff + 2), s3 = Unsafe.Add(ref ar, aOff + 3);
                    if (s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0) continue;
                    var v0 = new Vector<double>(s0); var v1 = new Vector<double>(s1);
                    var v2 = new Vector<double>(s2); var v3 = new Vector<double>(s3);
                    nint c0 = (nint)i0 * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                    int j = jStart;
                    for (; j <= jEnd - W; j += W)
                    {
                        var x = Vector.LoadUnsafe(ref br, (nuint)(bRow + j));
                        (Vector.LoadUnsafe(ref cr, (nuint)(c0 + j)) + v0 * x).StoreUnsafe(ref cr, (nuint)(c0 + j));
                        (Vector.LoadUnsafe(ref cr, (nuint)(c1 + j)) + v1 * x).StoreUnsafe(ref cr, (nuint)(c1 + j));
                        (Vector.LoadUnsafe(ref cr, (nuint)(c2 + j)) + v2 * x).StoreUnsafe(ref cr, (nuint)(c2 + j));
                        (Vector.LoadUnsafe(ref cr, (nuint)(c3 + j)) + v3 * x).StoreUnsafe(ref cr, (nuint)(c3 + j));
                    }
                    for (; j < jEnd; j++)
                    {
                        double x = Unsafe.Add(ref br, bRow + j);
                        Unsafe.Add(ref cr, c0 + j) += s0 * x;
                        Unsafe.Add(ref cr, c1 + j) += s1 * x;
                        Unsafe.Add(ref cr, c2 + j) += s2 * x;
                        Unsafe.Add(ref cr, c3 + j) += s3 * x;
                    }
                }
                else
                {
                    for (int t = 0; t < ni; t++)
                    {
                        double s = Unsafe.Add(ref ar, aOff + t);
                        if (s == 0) continue;
                        nint crow = (nint)(i0 + t) * n;
                        for (int j = jStart; j < jEnd; j++)
                            Unsafe.Add(ref cr, crow + j) += s * Unsafe.Add(ref br, bRow + j);
                    }
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] ABt(double[] p, int rows, double[] q, int cols, int d, bool symmetric = false)
    {
        var c = new double[(long)rows * cols];
        // Four rows of P against one row of Q at a time: each Q row is read once per four dot products.
        int blocks = (rows + 3) / 4;
        void Block(int b)
        {
            int i0 = 4 * b, count = Math.Min(4, rows - i0);
            for (int j = symmetric ? i0 : 0; j < cols; j++)
            {
                var qj = new ReadOnlySpan<double>(q, j * d, d);
                if (count == 4)
                {
                    var (s0, s1, s2, s3) = Dot4(p, i0 * d, d, qj);
                    c[(long)i0 * cols + j] = s0;
                    c[(long)(i0 + 1) * cols + j] = s1;
                    c[(long)(i0 + 2) * cols + j] = s2;
                    c[(long)(i0 + 3) * cols + j] = s3;
                }
                else
                    for (int i = i0; i < i0 + count; i++) c[(long)i * cols + j] = Dot(new ReadOnlySpan<double>(p, i * d, d), qj);
            }
        }
        if ((long)rows * cols * d < 200_000) for (int b = 0; b < blocks; b++) Block(b);
        else Parallel.For(0, blocks, Block);
        if (symmetric)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < i; j++)
                    c[(long)i * cols + j] = c[(long)j * cols + i];
        return c;
    }

    /// <summary>Dot products of the four consecutive rows of length d starting at <paramref name="offset"/> in p with y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double, double, double, double) Dot4(double[] p, int offset, int d, ReadOnlySpan<double> y)
    {
        ref double yr = ref MemoryMarshal.GetReference(y);
        ref double r0 = ref p[offset];
        ref double r1 = ref Unsafe.Add(ref r0, d);
        ref double r2 = ref Unsafe.Add(ref r1, d);
        ref double r3 = ref Unsafe.Add(ref r2, d);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        int j = 0;
        for (; j <= d - W; j += W)
        {
            var yv = Vector.LoadUnsafe(ref yr, (nuint)j);
            a0 += Vector.LoadUnsafe(ref r0, (nuint)j) * yv;
            a1 += Vector.LoadUnsafe(ref r1, (nuint)j) * yv;
            a2 += Vector.LoadUnsafe(ref r2, (nuint)j) * yv;
            a3 += Vector.LoadUnsafe(ref r3, (nuint)j) * yv;
        }
        double s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (; j < d; j++)
        {
            double yv = Unsafe.Add(ref yr, j);
            s0 += Unsafe.Add(ref r0, j) * yv; s1 += Unsafe.Add(ref r1, j) * yv; s2 += Unsafe.Add(ref r2, j) * yv; s3 += Unsafe.Add(ref r3, j) * yv;
        }
        return (s0, s1, s2, s3);
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
