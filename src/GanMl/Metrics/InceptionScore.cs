namespace GanMl.Metrics;

/// <summary>Inception Score (Salimans et al. 2016) from class-probability rows p(y|x).</summary>
public static class InceptionScore
{
    /// <summary>Computes the score from softmax rows, split into <paramref name="splits"/> consecutive parts as the reference code does.</summary>
    /// <param name="probabilities">One row of class probabilities per sample (non-negative, summing to 1 within 1e-3).</param>
    /// <param name="splits">Number of parts (default 10); at most the number of rows.</param>
    public static InceptionScoreResult Compute(float[][] probabilities, int splits = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int n = probabilities.Length;
        if (n == 0) throw new ArgumentException("No probability rows.", nameof(probabilities));
        if (splits < 1 || splits > n) throw new ArgumentOutOfRangeException(nameof(splits), splits, $"Must be between 1 and the number of rows ({n}).");
        int k = probabilities[0]?.Length ?? throw new ArgumentException("Row 0 is null.", nameof(probabilities));
        for (int r = 0; r < n; r++)
        {
            var row = probabilities[r] ?? throw new ArgumentException($"Row {r} is null.", nameof(probabilities));
            if (row.Length != k) throw new ArgumentException($"Row {r} has {row.Length} classes; expected {k}.", nameof(probabilities));
            double s = 0;
            for (int j = 0; j < k; j++)
            {
                if (!(row[j] >= 0) || !float.IsFinite(row[j])) throw new ArgumentException($"Probability at row {r}, column {j} is {row[j]}; expected a finite non-negative value.", nameof(probabilities));
                s += row[j];
            }
            if (Math.Abs(s - 1) > 1e-3) throw new ArgumentException($"Row {r} sums to {s}; expected class probabilities summing to 1 (apply softmax first).", nameof(probabilities));
        }
        var scores = new double[splits];
        for (int sp = 0; sp < splits; sp++)
        {
            int start = sp * n / splits, end = (sp + 1) * n / splits;
            var py = new double[k];
            for (int r = start; r < end; r++)
                for (int j = 0; j < k; j++) py[j] += probabilities[r][j];
            for (int j = 0; j < k; j++) py[j] /= end - start;
            double kl = 0;
            for (int r = start; r < end; r++)
                for (int j = 0; j < k; j++)
                {
                    double p = probabilities[r][j];
                    if (p > 0) kl += p * (Math.Log(p) - Math.Log(py[j]));
                }
            scores[sp] = Math.Exp(kl / (end - start));
        }
        double mean = scores.Average();
        double var = scores.Sum(s => (s - mean) * (s - mean)) / splits;
        return new InceptionScoreResult(mean, Math.Sqrt(var));
    }
}
