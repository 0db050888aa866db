namespace GanMl;

/// <summary>
/// What the latest Fit of a validated augmentation decided: the validation metric of the later steps fitted on real rows
/// only and with each candidate amount and weight of synthetic rows, scored on held-out real rows.
/// </summary>
/// <param name="Validated">False when validation was off: the configured amount was used without a check.</param>
/// <param name="SyntheticRowsPerRealRow">The chosen amount (0: no synthetic rows, because none beat real rows only).</param>
/// <param name="SyntheticRowWeight">The chosen weight of synthetic rows.</param>
/// <param name="MetricName">What the metric is (for example "micro-accuracy"); higher is better.</param>
/// <param name="RealOnlyMetric">The metric without synthetic rows (NaN when not validated).</param>
/// <param name="ChosenMetric">The metric of the chosen setting (NaN when not validated).</param>
/// <param name="Candidates">Every setting tried, with its metric.</param>
/// <param name="TrainingRows">Labelled real rows the GAN and the candidate fits learned from.</param>
/// <param name="HoldoutRows">Labelled real rows held out for scoring (they join the final fit).</param>
/// <param name="SyntheticRows">Added rows in the final fit (GAN rows plus any oversampled real rows).</param>
/// <param name="OversampledRowShare">The chosen share of added rows that are real rows drawn again rather than GAN rows.</param>
public sealed record GanAugmentationReport(
    bool Validated, double SyntheticRowsPerRealRow, float SyntheticRowWeight, string MetricName, double RealOnlyMetric, double ChosenMetric,
    IReadOnlyList<GanAugmentationCandidate> Candidates, long TrainingRows, long HoldoutRows, long SyntheticRows, double OversampledRowShare = 0)
{
    /// <summary>True when the final fit used synthetic rows.</summary>
    public bool UsedSyntheticRows => SyntheticRows > 0;

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString() => !Validated
        ? $"augmentation not validated: {SyntheticRows} synthetic rows (ratio {SyntheticRowsPerRealRow}, weight {SyntheticRowWeight}{Share})"
        : UsedSyntheticRows
            ? $"validated augmentation chose ratio {SyntheticRowsPerRealRow}, weight {SyntheticRowWeight}{Share}: {MetricName} {ChosenMetric:F4} vs {RealOnlyMetric:F4} with real rows only, on {HoldoutRows} held-out rows"
            : $"validated augmentation chose no synthetic rows: the best candidate's {MetricName} did not beat {RealOnlyMetric:F4} (real rows only) on {HoldoutRows} held-out rows";

    private string Share => OversampledRowShare > 0 ? $", {OversampledRowShare:P0} of them oversampled real rows" : "";
}
