namespace GanMl;

/// <summary>Decides how many synthetic rows each class gets.</summary>
internal static class SyntheticRowPlan
{
    /// <summary>Splits <paramref name="total"/> rows over classes in proportion to <paramref name="counts"/> (largest remainder,
    /// deterministic).</summary>
    public static int[] Proportional(IReadOnlyList<long> counts, int total)
    {
        long sum = counts.Sum();
        var exact = counts.Select(c => sum == 0 ? 0 : (double)c * total / sum).ToArray();
        var result = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (int i in Enumerable.Range(0, counts.Count).OrderByDescending(i => exact[i] - result[i]).ThenBy(i => i).Take(total - result.Sum()))
            result[i]++;
        return result;
    }

    /// <summary>Water-filling: rows go to the currently smallest class with real rows (real + synthetic) one by one, lowest index first on
    /// ties.</summary>
    public static int[] Balanced(IReadOnlyList<long> counts, int total)
    {
        var result = new int[counts.Count];
        var level = counts.Select(c => c).ToArray();
        // Classes without real rows were never learned by the GAN: they get none.
        var queue = new PriorityQueue<int, (long, int)>(Enumerable.Range(0, counts.Count).Where(i => counts[i] > 0).Select(i => (i, (level[i], i))));
        if (queue.Count == 0) return result;
        for (int n = 0; n < total; n++)
        {
            int i = queue.Dequeue();
            result[i]++;
            queue.Enqueue(i, (++level[i], i));
        }
        return result;
    }
}
