namespace GanMl.Metrics;

/// <summary>How <see cref="FrechetDistance"/> obtained tr sqrt(S1 S2).</summary>
public enum TraceSqrtMethod
{
    /// <summary>Nuclear norm of X1c X2c^T / sqrt((n1-1)(n2-1)) from the kept centred features (n1, n2 &lt; d); exact, with no d x d matrix.</summary>
    NuclearNorm,
    /// <summary>Eigenvalues of the n x n matrix Xc S Xc^T / (n-1) from one set's kept centred features (n &lt; d).</summary>
    SampleSpace,
    /// <summary>Eigenvalues of L^T S1 L with the Cholesky factor S2 = L L^T (positive definite covariance).</summary>
    Cholesky,
    /// <summary>Eigenvalues of sqrt(S1) S2 sqrt(S1) from a symmetric eigendecomposition (no longer chosen; kept so that stored results still name a
    /// method).</summary>
    Eigendecomposition,
    /// <summary>Eigenvalues of A^T S2 A with S1 = A A^T from a rank-revealing pivoted Cholesky (singular covariances, no rows kept).</summary>
    PivotedCholesky,
}
