using MathNet.Numerics.LinearAlgebra;

namespace GanMl.Metrics;

/// <summary>
/// Fréchet distance between two Gaussians fitted to feature sets:
/// ||mu1 - mu2||^2 + tr S1 + tr S2 - 2 tr sqrt(S1 S2), as in pytorch-fid's <c>calculate_frechet_distance</c>.
/// </summary>
/// <remarks>
/// tr sqrt(S1 S2) is taken from the smallest symmetric matrix with the same spectrum: from the kept rows when n &lt; d
/// (no d x d matrix), else from a Cholesky factor, else from a pivoted Cholesky for singular covariances. No path
/// needs eigenvectors; docs/fid.md explains each and what was measured.
/// </remarks>
public static class FrechetDistance
{
    /// <summary>pytorch-fid's diagonal offset for a non-finite square root.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The Fréchet distance between the Gaussians of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    /// <exception cref="ArithmeticException">The result would be NaN or clearly negative.</exception>
    public static double Compute(FeatureStatistics a, FeatureStatistics b) => ComputeDetailed(a, b).Distance;

    /// <summary>The Fréchet distance with the terms and the method used.</summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    /// <exception cref="ArithmeticException">The result would be NaN or clearly negative.</exception>
    public static FrechetResult ComputeDetailed(FeatureStatistics a, FeatureStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dimension != b.Dimension)
            throw new ArgumentException($"The feature dimensions differ: {a.Dimension} (first set) vs {b.Dimension} (second set).", nameof(b));
        int d = a.Dimension;
        var mu1 = a.MeanArray;
        var mu2 = b.MeanArray;
        double meanTerm = 0;
        for (int i = 0; i < d; i++) { double t = mu1[i] - mu2[i]; meanTerm += t * t; }
        double tr1 = a.CovarianceTrace, tr2 = b.CovarianceTrace;

        bool eps = false;
        double trSqrt;
        TraceSqrtMethod method;
        try
        {
            (trSqrt, method) = TraceSqrtProduct(a, b, 0);
        }
        catch (ArithmeticException)
        {
            (trSqrt, method) = (double.NaN, TraceSqrtMethod.Eigendecomposition); // e.g. QL non-convergence: retry with the offset
        }
        if (!double.IsFinite(trSqrt))
        {
            eps = true;
            (trSqrt, method) = TraceSqrtProduct(a, b, Epsilon);
            if (!double.IsFinite(trSqrt))
                throw new ArithmeticException($"tr sqrt(S1 S2) is not finite ({trSqrt}) even after adding {Epsilon}*I to both covariances.");
            // As pytorch-fid, the offset only changes the square root term.
        }
        double fid = meanTerm + tr1 + tr2 - 2 * trSqrt;
        if (double.IsNaN(fid))
            throw new ArithmeticException($"The Fréchet distance is NaN (mean term {meanTerm}, tr S1 {tr1}, tr S2 {tr2}, tr sqrt {trSqrt}).");
        if (fid < 0)
        {
            double scale = tr1 + tr2 + meanTerm;
            if (fid < -1e-6 * scale - 1e-12)
                throw new ArithmeticException($"The Fréchet distance came out clearly negative ({fid}, with tr S1 + tr S2 = {tr1 + tr2}); the covariances are probably not positive semi-definite.");
            fid = 0; // round-off for (nearly) identical sets
        }
        return new FrechetResult(fid, meanTerm, trSqrt, method, eps);
    }

    /// <summary>tr sqrt(S1 S2) for two covariances (both d x d, row-major, symmetric positive semi-definite).</summary>
    internal static (double Value, TraceSqrtMethod Method) TraceSqrtProduct(FeatureStatistics a, FeatureStatistics b, double offset)
    {
        int d = a.Dimension;
        var x1 = offset == 0 ? a.CenteredArray : null;
        var x2 = offset == 0 ? b.CenteredArray : null;
        long n1 = a.Count, n2 = b.Count;
        if (x1 != null && x2 != null && n1 < d && n2 < d)
            return (NuclearNormPath(x1, (int)n1, x2, (int)n2, d), TraceSqrtMethod.NuclearNorm);
        bool use1 = x1 != null && n1 < d, use2 = x2 != null && n2 < d;
        if (use1 && (!use2 || n1 <= n2))
            return (SampleSpacePath(x1!, (int)n1, b.CovarianceArray, d), TraceSqrtMethod.SampleSpace);
        if (use2)
            return (SampleSpacePath(x2!, (int)n2, a.CovarianceArray, d), TraceSqrtMethod.SampleSpace);

        // Remove features with zero variance in either set (their rows/columns drop out of S1 S2's spectrum).
        var s1 = a.CovarianceArray;
        var s2 = b.CovarianceArray;
        var keep = new List<int>(d);
        for (int i = 0; i < d; i++)
            if (s1[(long)i * d + i] + offset > 0 && s2[(long)i * d + i] + offset > 0) keep.Add(i);
        int k = keep.Count;
        if (k == 0) return (0, TraceSqrtMethod.Cholesky);
        var c1 = Submatrix(s1, d, keep, offset);
        var c2 = Submatrix(s2, d, keep, offset);

        var l = SymmetricEigen.TryCholesky(c2, k);
        var other = c1;
        if (l == null)
        {
            l = SymmetricEigen.TryCholesky(c1, k);
            other = c2;
        }
        if (l != null)
        {
            // W = S' L (L lower triangular), M = L^T W (symmetric; upper triangle only).
            var w = new double[(long)k * k];
            DenseKernels.AtBAdd(other, l, k, k, k, w, bLowerTriangular: true); // other symmetric: other[k,i] = other[i,k]
            var m = new double[(long)k * k];
            DenseKernels.AtBAdd(l, w, k, k, k, m, upperOnly: true, aZeroAboveDiagonalRows: true);
            DenseKernels.MirrorUpper(m, k);
            return (SumSqrtEigenvalues(m, k), TraceSqrtMethod.Cholesky);
        }
        return (PivotedCholeskyPath(c1, c2, k), TraceSqrtMethod.PivotedCholesky);
    }

    /// <summary>tr sqrt(A^T S2 A) with S1 ~ A A^T from a rank-revealing pivoted Cholesky (A is k x r).</summary>
    private static double PivotedCholeskyPath(double[] s1, double[] s2, int k)
    {
        var (a, r) = SymmetricEigen.PivotedCholesky(s1, k);
        if (r == 0) return 0;
        return TraceSqrtProjected(a, s2, k, r);
    }

    /// <summary>tr sqrt(Aᵀ S2 A) for A (k × r): the eigenvalues of the r × r matrix M = Aᵀ (S2 A).</summary>
    private static double TraceSqrtProjected(double[] a, double[] s2, int k, int r)
    {
        var t = new double[(long)k * r];
        DenseKernels.AtBAdd(s2, a, k, k, r, t);
        var m = new double[(long)r * r];
        DenseKernels.AtBAdd(a, t, k, r, r, m, upperOnly: true);
        DenseKernels.MirrorUpper(m, r);
        return SumSqrtEigenvalues(m, r);
    }

    private static double[] Submatrix(double[] s, int d, List<int> keep, double offset)
    {
        int k = keep.Count;
        var r = new double[(long)k * k];
        for (int i = 0; i < k; i++)
        {
            long src = (long)keep[i] * d;
            for (int j = 0; j < k; j++) r[(long)i * k + j] = s[src + keep[j]];
            r[(long)i * k + i] += offset;
        }
        return r;
    }

    private static double SumSqrtEigenvalues(double[] m, int k)
    {
        var ev = SymmetricEigen.Eigenvalues(m, k);
        double t = 0;
        foreach (var e in ev) if (e > 0) t += Math.Sqrt(e); // negative round-off clamped to 0
        return t;
    }

    /// <summary>
    /// Sum of the singular values of X1c X2cᵀ / sqrt((n1-1)(n2-1)), with n1 n2 d work for the cross matrix and no d x d
    /// matrix. Centred rows sum to zero, so both sides are first deflated to n - 1 rows with the same XᵀX (the cross
    /// matrix would otherwise have an exact zero singular value). The square roots of the eigenvalues of the smaller Gram
    /// matrix GGᵀ are used when their error bound is below 1e-10 of the sum; otherwise (a rank-deficient G, whose tiny
    /// singular values the Gram matrix blurs to sqrt(eps)·σmax) MathNet's SVD keeps them exact.
    /// </summary>
    private static double NuclearNormPath(double[] x1, int n1, double[] x2, int n2, int d)
    {
        if (n1 > n2) (x1, n1, x2, n2) = (x2, n2, x1, n1);
        int m = n1 - 1, n = n2 - 1;
        if (m == 0) return 0;
        var g = DenseKernels.ABt(DeflateMean(x1, n1, d), m, DeflateMean(x2, n2, d), n, d); // m x n, m <= n
        double scale = 1.0 / Math.Sqrt((n1 - 1.0) * (n2 - 1.0));
        var lambda = SymmetricEigen.Eigenvalues(DenseKernels.ABt(g, m, g, m, n, symmetric: true), m);
        double lmax = lambda.Max(), tol = m * 2.2e-16 * Math.Max(lmax, 0), sum = 0, bound = 0;
        foreach (double l in lambda)
        {
            sum += Math.Sqrt(Math.Max(l, 0));
            bound += Math.Sqrt(Math.Max(l, 0) + tol) - Math.Sqrt(Math.Max(l - tol, 0));
        }
        if (bound <= 1e-10 * sum) return sum * scale;
        var svd = Matrix<double>.Build.Dense(m, n, (i, j) => g[(long)i * n + j]).Svd(computeVectors: false);
        return svd.S.Sum(v => Math.Max(0, v)) * scale;
    }

    /// <summary>Eigenvalues of Xc S Xc^T / (n - 1) (n x n), with Xc the kept centred rows of the other set.</summary>
    private static double SampleSpacePath(double[] xc, int n, double[] s, int d)
    {
        // Centred rows sum to zero, so M would have an exact null vector (1, ..., 1) whose round-off eigenvalue
        // (~eps |M|) adds ~sqrt(eps |M|) to the trace. Deflate it: the Householder reflection H mapping 1/sqrt(n)
        // to e1 makes the first row of H Xc zero, and the other n - 1 rows give the same X^T X.
        xc = DeflateMean(xc, n, d);
        n -= 1;
        // T = Xc S: T[r, :] = sum_k Xc[r, k] S[k, :]  (A[k, r] = Xc^T)
        var xt = DenseKernels.Transpose(xc, n, d);
        var t = new double[(long)n * d];
        DenseKernels.AtBAdd(xt, s, d, n, d, t);
        var m = DenseKernels.ABt(t, n, xc, n, d);
        // Symmetrise against round-off and scale.
        double inv = 1.0 / n; // n is now the original n - 1
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double v = 0.5 * (m[(long)i * n + j] + m[(long)j * n + i]) * inv;
                m[(long)i * n + j] = v;
                m[(long)j * n + i] = v;
            }
        return SumSqrtEigenvalues(m, n);
    }

    private static double[] DeflateMean(double[] xc, int n, int d)
    {
        double rn = 1.0 / Math.Sqrt(n);
        double wtw = 2 - 2 * rn;
        var p = new double[d];
        for (int r = 0; r < n; r++) DenseKernels.Axpy(rn, new ReadOnlySpan<double>(xc, r * d, d), p);
        for (int j = 0; j < d; j++) p[j] -= xc[j];
        var outRows = new double[(long)(n - 1) * d];
        for (int r = 1; r < n; r++)
        {
            var dst = new Span<double>(outRows, (r - 1) * d, d);
            new ReadOnlySpan<double>(xc, r * d, d).CopyTo(dst);
            DenseKernels.Axpy(-2 * rn / wtw, p, dst);
        }
        return outRows;
    }
}
