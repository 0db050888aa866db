using GanMl.Torch;

namespace GanMl;

/// <summary>
/// Fills the settings that <see cref="GanOptions"/> leaves to GanMl (null) with the recipe measured best for small image
/// datasets: a conditional DCGAN (label planes into D) with 32 base channels, DiffAugment, the hinge loss, batch 64, and a
/// budget of rows seen rather than a fixed epoch count. An averaged generator and an auxiliary classifier are options;
/// the measurements behind each choice are in docs/augmentation.md.
/// </summary>
public static class GanRecipe
{
    /// <summary>
    /// Rows seen in training when <see cref="GanOptions.Epochs"/> is null: 120 epochs of 1,000 rows (why: docs/augmentation.md).
    /// </summary>
    public const int TargetImagesSeen = 120_000;

    /// <summary>Fewest and most epochs the budget gives.</summary>
    public const int MinEpochs = 5, MaxEpochs = 120;

    /// <summary>
    /// A copy of <paramref name="options"/> with every null setting chosen for <paramref name="rows"/> training rows;
    /// settings the caller gave are kept.
    /// </summary>
    /// <param name="options">The caller's options.</param>
    /// <param name="rows">Training rows.</param>
    /// <param name="conditional">Whether the GAN has a label column.</param>
    /// <param name="unlabelledRows">Whether some rows lack a label: an auxiliary classifier then lets them teach realism without washing out the
    /// classes.</param>
    public static GanOptions Resolve(GanOptions options, long rows, bool conditional, bool unlabelledRows = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var architecture = options.Architecture ?? (SupportsDcgan(options.ImageShape) ? GanArchitecture.Dcgan : GanArchitecture.Mlp);
        bool dcgan = architecture == GanArchitecture.Dcgan;
        return options with
        {
            Architecture = architecture,
            Epochs = options.Epochs ?? (int)Math.Clamp(Math.Round(TargetImagesSeen / (double)Math.Max(rows, 1)), MinEpochs, MaxEpochs),
            BatchSize = options.BatchSize ?? (dcgan ? 64 : 128),
            DiffAugment = options.DiffAugment ?? (dcgan ? DiffAugmentPolicy.All : DiffAugmentPolicy.None),
            Loss = options.Loss ?? (dcgan ? GanLoss.Hinge : GanLoss.NonSaturating),
            GeneratorEmaDecay = options.GeneratorEmaDecay ?? 0f,
            // Unlabelled rows wash out the classes through D's "no label" embedding, not through the AC head (docs/training.md, section 2).
            AuxiliaryClassifier = options.AuxiliaryClassifier ?? (dcgan && conditional && unlabelledRows),
        };
    }

    private static bool SupportsDcgan(ImageShape? shape)
    {
        if (shape is null) return false;
        try
        {
            DcganLayout.For(shape);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
