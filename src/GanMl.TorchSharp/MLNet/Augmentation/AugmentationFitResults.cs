namespace GanMl;

/// <summary>The latest Fit's results, shared by the estimators that <c>Append</c> derives from one augmentation step.</summary>
internal sealed class AugmentationFitResults
{
    public GanTransformer? Gan { get; set; }
    public (long Real, long Synthetic) RowCounts { get; set; }
    public GanAugmentationReport? Report { get; set; }
}
