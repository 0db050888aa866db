using GanMl.Metrics;

namespace GanMl.Examples;

/// <summary>Merges FID statistics saved per shard (.npz with their sample counts) into the statistics of all rows.</summary>
internal static class MergeCommand
{
    public static int Run(CommandLine args)
    {
        if (args.Flag("help"))
        {
            Console.WriteLine("""
                merge options:
                  --inputs A.npz,B.npz,…   statistics of disjoint shards, each saved by FeatureStatistics.SaveNpz (which stores the count)
                  --out FILE.npz           where to write the merged statistics (pytorch-fid's layout, plus the count)
                """);
            return 0;
        }
        string inputs = args.OptionalString("inputs") ?? throw new ArgumentException("--inputs must list the .npz files to merge, separated by commas.");
        string output = args.OptionalString("out") ?? throw new ArgumentException("--out must name the merged .npz file.");
        args.RejectUnknown();
        var paths = inputs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) throw new ArgumentException("--inputs lists no file.");
        var shards = paths.Select(FeatureStatistics.LoadNpz).ToArray();
        var merged = FeatureStatistics.Merge(shards);
        merged.SaveNpz(output);
        Console.WriteLine($"Merged {shards.Length} shard(s) of {string.Join(" + ", shards.Select(s => s.Count))} rows into {merged.Count} rows of dimension {merged.Dimension}: {output}");
        return 0;
    }
}
