namespace GanMl;

/// <summary>
/// The labelled rows of a semi-supervised fit split into training and validation: in each class, a seeded shuffle holds
/// out round(n·fraction) rows (at least one when the class has two or more, never all of them).
/// </summary>
internal sealed record SslSplit(IReadOnlyList<int> Training, IReadOnlyList<int> Validation, int[] ClassCounts)
{
    public int LabelledCount => Training.Count + Validation.Count;

    /// <param name="keys">Each row's label key: 1..classes, 0 for no label.</param>
    /// <param name="classes">The key count.</param>
    /// <param name="fraction">Share of each class held out; 0 holds out nothing.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    public static SslSplit Make(uint[] keys, int classes, double fraction, int seed)
    {
        var byClass = Enumerable.Range(0, classes).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] is > 0 and var k && k <= classes) byClass[k - 1].Add(i);
        var random = new Random(seed);
        var training = new List<int>();
        var validation = new List<int>();
        foreach (var rows in byClass)
        {
            var order = rows.ToArray();
            random.Shuffle(order);
            int take = fraction <= 0 || order.Length < 2 ? 0 : Math.Clamp((int)Math.Round(order.Length * fraction), 1, order.Length - 1);
            validation.AddRange(order.Take(take));
            training.AddRange(order.Skip(take));
        }
        training.Sort();
        validation.Sort();
        return new SslSplit(training, validation, byClass.Select(r => r.Count).ToArray());
    }
}
