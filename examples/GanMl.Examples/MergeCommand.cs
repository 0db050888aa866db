using System.CommandLine;
using GanMl.Metrics;

namespace GanMl.Examples;

/// <summary>The merge command's options, bound in <see cref="MergeCommand.Create"/>.</summary>
internal sealed record MergeSettings(IReadOnlyList<string> Inputs, string Output);

/// <summary>Merges FID statistics saved per shard (.npz with their sample counts) into the statistics of all rows.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var inputs = new Option<string>("--inputs")
        {
            Description = "Statistics of disjoint shards, A.npz,B.npz,… (comma-separated), each saved by FeatureStatistics.SaveNpz (which stores the count).",
            Required = true, HelpName = "A.npz,B.npz,…",
        };
        var output = new Option<string>("--out") { Description = "The merged .npz file to write (pytorch-fid's layout, plus the count).", Required = true, HelpName = "FILE.npz" };
        var command = new Command("merge", "Merge FID statistics saved per shard (.npz) into the statistics of all rows.") { inputs, output };
        command.SetAction(r => Run(new MergeSettings(
            r.GetValue(inputs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), r.GetValue(output)!)));
        return command;
    }

    public static int Run(MergeSettings settings)
    {
        if (settings.Inputs.Count == 0) throw new ArgumentException("--inputs lists no file.");
        var shards = settings.Inputs.Select(FeatureStatistics.LoadNpz).ToArray();
        var merged = FeatureStatistics.Merge(shards);
        merged.SaveNpz(settings.Output);
        Console.WriteLine($"Merged {shards.Length} shard(s) of {string.Join(" + ", shards.Select(s => s.Count))} rows into {merged.Count} rows of dimension {merged.Dimension}: {settings.Output}");
        return 0;
    }
}
