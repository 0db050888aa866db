namespace GanMl.Metrics;

/// <summary>
/// Eigenvalues (only) of a real symmetric matrix: Householder tridiagonalisation with vectorised,
/// parallel row updates, then the implicit QL algorithm on the tridiagonal matrix. Skipping the
/// eigenvectors makes this several times faster than MathNet's managed <c>Evd</c> at d = 2048.
/// Also a Cholesky factorisation that reports failure instead of throwing.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues of the symmetric n x n row-major matrix (both triangles must be filled). The input is destroyed.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double[] Eigenvalues(double[] a, int n)
    {
        var diag = new double[n];
        var off = new double[n]; // off[k] couples k and k+1; off[n-1] = 0
        if (n == 0) return diag;
        if (n == 1) { diag[0] = a[0]; return diag; }

        var v = new double[n];
        var p = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int s = k + 1;          // first index of the trailing block
            int m = n - s;          // block size
            // Householder vector from column k below the diagonal (equal to row k right of it).
            double scale = 0;
            for (int i = s; i < n; i++) scale += Math.Abs(a[(long)k * n + i]);
            diag[k] = a[(long)k * n + k];
            if (scale == 0) { off[k] = 0; continue; }
            double norm2 = 0;
            for (int i = s; i < n; i++) { double x = a[(long)k * n + i] / scale; v[i] = x; norm2 += x * x; }
            double norm = Math.Sqrt(norm2);
            double alpha = v[s] > 0 ? -norm : norm;
            v[s] -= alpha;
            double vtv = norm2 - 2 * alpha * (v[s] + alpha) + alpha * alpha; // |x - alpha e1|^2
            off[k] = alpha * scale;
            if (vtv == 0) continue;
            double beta = 2.0 / vtv;
            // p = beta * B v
            var vs = new ReadOnlySpan<double>(v, s, m);
            void MatVec(int i)
            {
                p[i] = beta * DenseKernels.Dot(new ReadOnlySpan<double>(a, (int)((long)i * n + s), m), new ReadOnlySpan<double>(v, s, m));
            }
            if ((long)m * m < 640_000) for (int i = s; i < n; i++) MatVec(i);
            else Parallel.For(s, n, MatVec);
            double kk = 0.5 * beta * DenseKernels.Dot(vs, new ReadOnlySpan<double>(p, s, m));
            for (int i = s; i < n; i++) p[i] -= kk * v[i]; // q
            // B -= v q^T + q v^T
            void Update(int i)
            {
                var row = new Span<double>(a, (int)((long)i * n + s), m);
                DenseKernels.Axpy(-v[i], new ReadOnlySpan<double>(p, s, m), row);
                DenseKernels.Axpy(-p[i], new ReadOnlySpan<double>(v, s, m), row);
            }
            if ((long)m * m < 640_000) for (int i = s; i < n; i++) Update(i);
            else Parallel.For(s, n, Update);
        }
        diag[n - 2] = a[(long)(n - 2) * n + n - 2];
        diag[n - 1] = a[(long)(n - 1) * n + n - 1];
        off[n - 2] = a[(long)(n - 2) * n + n - 1];
        off[n - 1] = 0;
        TridiagonalQl(diag, off);
        return diag;
    }

    /// <summary>Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix; eigenvalues land in <paramref name="d"/>.</summary>
    private static void TridiagonalQl(double[] d, double[] e)
    {
        int n = d.Length;
        for (int l = 0; l < n; l++)
        {
            int iter = 0;
            int m;
            do
            {
                for (m = l; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= 2.2e-16 * dd) break;
                }
                if (m != l)
                {
                    if (iter++ == 100)
                        throw new ArithmeticException("The tridiagonal QL eigenvalue iteration did not converge.");
                    double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    double r = Hypot(g, 1.0);
                    g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r)));
                    double s = 1, c = 1, p = 0;
                    int i;
                    bool early = false;
                    for (i = m - 1; i >= l; i--)
                    {
                        double f = s * e[i];
                        double b = c * e[i];
                        e[i + 1] = r = Hypot(f, g);
                        if (r == 0)
                        {
                            d[i + 1] -= p;
                            e[m] = 0;
                            early = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2.0 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                    }
                    if (early) continue;
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }

    /// <summary>
    /// Lower Cholesky factor L (row-major, zeros above the diagonal) with S = L L^T, or null when S is not
    /// clearly positive definite (a pivot below <paramref name="relativePivotTolerance"/> times its diagonal entry).
    /// </summary>
    public static double[]? TryCholesky(double[] s, int n, double relativePivotTolerance = 1e-10)
    {
        var l = new double[(long)n * n];
        for (int j = 0; j < n; j++)
        {
            var lj = new ReadOnlySpan<double>(l, j * n, j);
            double sjj = s[(long)j * n + j];
            double piv = sjj - DenseKernels.Dot(lj, lj);
            if (!(piv > relativePivotTolerance * sjj) || !double.IsFinite(piv)) return null;
            double ljj = Math.Sqrt(piv);
            l[(long)j * n + j] = ljj;
            int jj = j;
            void Row(int i)
            {
                double x = s[(long)i * n + jj] - DenseKernels.Dot(new ReadOnlySpan<double>(l, i * n, jj), new ReadOnlySpan<double>(l, jj * n, jj));
                l[(long)i * n + jj] = x / ljj;
            }
            if ((long)(n - j) * j < 40_000)
                for (int i = j + 1; i < n; i++) Row(i);
            else
                Parallel.For(j + 1, n, Row);
        }
        return l;
    }

    /// <summary>
    /// Rank-revealing pivoted Cholesky of a symmetric positive semi-definite matrix: S ~ A A^T with A (n x r,
    /// row-major) in the original index order, stopping when the largest remaining Schur-complement diagonal is below
    /// n eps max(diag S) (round-off level: a backward-stable factor of S + O(eps |S|), as an EVD with tiny eigenvalues
    /// dropped would be). Returns the factor and its rank r.
    /// </summary>
    public static (double[] A, int Rank) PivotedCholesky(double[] s, int n)
    {
        var diag = new double[n];
        double dmax = 0;
        for (int i = 0; i < n; i++) { diag[i] = s[(long)i * n + i]; dmax = Math.Max(dmax, diag[i]); }
        double tol = n * 2.2e-16 * dmax;
        var rows = new double[(long)n * n]; // row i holds L[i, 0..rank)
        var used = new bool[n];
        int rank = 0;
        for (int k = 0; k < n; k++)
        {
            int j = -1;
            double best = tol;
            for (int i = 0; i < n; i++)
                if (!used[i] && diag[i] > best) { best = diag[i]; j = i; }
            if (j < 0) break;
            double piv = Math.Sqrt(best);
            used[j] = true;
            int kk = k, jj = j;
            var rj = new ReadOnlySpan<double>(rows, j * n, k).ToArray();
            void Row(int i)
            {
                if (used[i]) return;
                double x = (s[(long)i * n + jj] - DenseKernels.Dot(new ReadOnlySpan<double>(rows, i * n, kk), rj)) / piv;
                rows[(long)i * n + kk] = x;
                diag[i] -= x * x;
            }
            if ((long)n * k < 40_000) for (int i = 0; i < n; i++) Row(i);
            else Parallel.For(0, n, Row);
            rows[(long)j * n + k] = piv;
            diag[j] = 0;
            rank++;
        }
        var a = new double[(long)n * rank];
        for (int i = 0; i < n; i++) Array.Copy(rows, (long)i * n, a, (long)i * rank, rank);
        return (a, rank);
    }
}
