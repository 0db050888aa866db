using GanMl;

namespace Microsoft.ML;

/// <summary>GanMl's extensions of <see cref="TransformsCatalog"/>.</summary>
public static class GanCatalog
{
    /// <summary>Trains an MLP GAN on <paramref name="featureColumnName"/>, conditional on <paramref name="labelColumnName"/> when given.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featureColumnName">A known-size Vector&lt;Single&gt; column.</param>
    /// <param name="labelColumnName">Optional class column (key, text, bool or numeric).</param>
    /// <param name="epochs">Passes over the data.</param>
    public static GanEstimator TrainGan(this TransformsCatalog catalog, string featureColumnName, string? labelColumnName = null, int? epochs = null) =>
        catalog.TrainGan(new GanOptions { FeatureColumnName = featureColumnName, LabelColumnName = labelColumnName, Epochs = epochs });

    /// <summary>Trains a GAN as <paramref name="options"/> describe.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Columns, architecture and optimisation settings.</param>
    public static GanEstimator TrainGan(this TransformsCatalog catalog, GanOptions options) =>
        new(MLContextAccess.Environment(catalog), options);
}
