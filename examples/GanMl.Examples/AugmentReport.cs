using System.Text.Json;
using Spectre.Console;

namespace GanMl.Examples;

/// <summary>The experiment's table (mean and spread over seeds, per-class gain) and augment.json.</summary>
internal static class AugmentReport
{
    public static void Write(AugmentSettings settings, IReadOnlyList<AugmentRun> runs, long trainRows, long testRows)
    {
        var table = new Table().AddColumns("seed", "without GAN", "with GAN", "gain (points)", "macro recall without → with", "CAS", "domain FID", "decision", "GAN s");
        foreach (var r in runs)
            table.AddRow($"{r.Seed}", $"{r.Baseline:P2}", $"{r.Augmented:P2}", $"{r.Gain * 100:+0.00;-0.00}", $"{r.BaselineMacro:P2} → {r.AugmentedMacro:P2}",
                $"{r.Cas:P2}", $"{r.Fid:F2}", Markup.Escape(Decision(r.Report)), $"{r.GanSeconds:F0}");
        table.AddRow("mean ± sd", $"{Mean(runs, r => r.Baseline):P2}", $"{Mean(runs, r => r.Augmented):P2}",
            $"{Mean(runs, r => r.Gain) * 100:+0.00;-0.00} ± {Sd(runs, r => r.Gain) * 100:F2}", $"{Mean(runs, r => r.BaselineMacro):P2} → {Mean(runs, r => r.AugmentedMacro):P2}",
            $"{Mean(runs, r => r.Cas):P2} ± {Sd(runs, r => r.Cas) * 100:F2}", $"{Mean(runs, r => r.Fid):F2}", "", $"{Mean(runs, r => r.GanSeconds):F0}");
        AnsiConsole.Write(table);

        var classes = runs[0].Classes;
        var perClass = new Table().AddColumns("class", "recall without", "with GAN", "gain (points)");
        if (runs[0].OversampledRecall is not null) perClass.AddColumn("random oversampling");
        for (int c = 0; c < classes.Count; c++)
        {
            int k = c;
            var cells = new List<string> { Markup.Escape(classes[c]), $"{runs.Average(r => r.BaselineRecall[k]):P1}", $"{runs.Average(r => r.AugmentedRecall[k]):P1}",
                $"{runs.Average(r => r.AugmentedRecall[k] - r.BaselineRecall[k]) * 100:+0.0;-0.0}" };
            if (runs[0].OversampledRecall is not null) cells.Add($"{runs.Average(r => r.OversampledRecall![k]):P1}");
            perClass.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(perClass);
        if (runs[0].OversampledMacro is not null)
            AnsiConsole.MarkupLine($"macro recall: no balancing {Mean(runs, r => r.BaselineMacro):P2}, random oversampling {Mean(runs, r => r.OversampledMacro!.Value):P2}, GAN balancing {Mean(runs, r => r.AugmentedMacro):P2}");

        string json = Path.Combine(settings.Output, "augment.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new
        {
            command = "augment", settings = settings.Describe(), settings.PerClass, settings.UnlabelledPerClass, settings.Imbalanced, settings.Classifier, settings.Validate, trainRows, testRows,
            meanAccuracyWithout = Mean(runs, r => r.Baseline), meanAccuracyWith = Mean(runs, r => r.Augmented), meanGain = Mean(runs, r => r.Gain), sdGain = Sd(runs, r => r.Gain),
            meanCas = Mean(runs, r => r.Cas), meanFid = Mean(runs, r => r.Fid),
            runs = runs.Select(r => new
            {
                r.Seed, accuracyWithout = r.Baseline, accuracyWith = r.Augmented, r.Gain, macroWithout = r.BaselineMacro, macroWith = r.AugmentedMacro,
                oversampledAccuracy = r.OversampledAccuracy, oversampledMacro = r.OversampledMacro, cas = r.Cas, fid = r.Fid, r.GanSeconds, r.TotalSeconds,
                classes = r.Classes, recallWithout = r.BaselineRecall, recallWith = r.AugmentedRecall, recallOversampled = r.OversampledRecall,
                report = r.Report, r.Grid,
            }),
        }, new JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(json)} and one sample grid per seed (columns = classes).");
    }

    private static string Decision(GanAugmentationReport report) =>
        !report.Validated ? $"fixed {report.SyntheticRowsPerRealRow:0.##}" : report.UsedSyntheticRows ? $"{report.SyntheticRowsPerRealRow:0.##} × w {report.SyntheticRowWeight:0.##}" : "none";

    private static double Mean(IReadOnlyList<AugmentRun> runs, Func<AugmentRun, double> value) => runs.Average(value);

    private static double Sd(IReadOnlyList<AugmentRun> runs, Func<AugmentRun, double> value)
    {
        if (runs.Count < 2) return 0;
        double mean = runs.Average(value);
        return Math.Sqrt(runs.Sum(r => Math.Pow(value(r) - mean, 2)) / (runs.Count - 1));
    }
}
