namespace GanMl.Metrics;

/// <summary>
/// Chan et al.'s parallel update: the mean and co-moment matrix of a union from those of its parts, so statistics
/// computed per shard merge into exactly what one pass over all rows gives (up to rounding).
/// </summary>
internal static class StatisticsMerge
{
    public static FeatureStatistics Merge(IReadOnlyList<FeatureStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("At least one FeatureStatistics is needed to merge.", nameof(parts));
        int d = parts[0].Dimension;
        for (int p = 0; p < parts.Count; p++)
        {
            var part = parts[p] ?? throw new ArgumentException($"Statistics {p} is null.", nameof(parts));
            if (part.Dimension != d) throw new ArgumentException($"Statistics {p} has dimension {part.Dimension}; statistics 0 has {d}.", nameof(parts));
            if (part.Count < 1)
                throw new ArgumentException($"Statistics {p} has no sample count (for example, read from a pytorch-fid .npz), so it cannot be weighted in a merge.", nameof(parts));
        }
        if (parts.Count == 1) return parts[0];

        var mean = (double[])parts[0].MeanArray.Clone();
        // Co-moment M2 = Σ (x - mean)(x - mean)ᵀ = covariance · (n - 1).
        var comoment = parts[0].CovarianceArray.Select(c => c * (parts[0].Count - 1)).ToArray();
        long n = parts[0].Count;
        var delta = new double[d];
        for (int p = 1; p < parts.Count; p++)
        {
            var part = parts[p];
            long m = part.Count, total = n + m;
            var partMean = part.MeanArray;
            var partCov = part.CovarianceArray;
            for (int i = 0; i < d; i++) delta[i] = partMean[i] - mean[i];
            double weight = (double)n * m / total;
            for (int i = 0; i < d; i++)
            {
                long row = (long)i * d;
                for (int j = 0; j < d; j++)
                    comoment[row + j] += partCov[row + j] * (m - 1) + delta[i] * delta[j] * weight;
            }
            for (int i = 0; i < d; i++) mean[i] += delta[i] * m / total;
            n = total;
        }
        if (n < 2) throw new ArgumentException("The merged statistics hold fewer than 2 samples; a covariance needs at least 2.", nameof(parts));
        for (long k = 0; k < comoment.LongLength; k++) comoment[k] /= n - 1;
        return new FeatureStatistics(mean, comoment, d, n, centered: null);
    }
}
