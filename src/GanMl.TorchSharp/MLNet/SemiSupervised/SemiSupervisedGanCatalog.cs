using GanMl;

namespace Microsoft.ML;

/// <summary>
/// GanMl's semi-supervised classifier in ML.NET's catalogs (GanMl.TorchSharp). The featurizer of a trained classifier,
/// which needs no TorchSharp, is <see cref="DiscriminatorFeaturesCatalog"/> in GanMl's core.
/// </summary>
public static class SemiSupervisedGanCatalog
{
    /// <summary>
    /// A multiclass classifier trained as the discriminator of a semi-supervised GAN: rows whose key label is missing
    /// (0) are unlabelled and still teach it. See <see cref="SemiSupervisedGanTrainer"/>.
    /// </summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="labelColumnName">A key column; key 0 marks an unlabelled row.</param>
    /// <param name="featureColumnName">A known-size Vector&lt;Single&gt; column.</param>
    /// <param name="imageShape">The features' C×H×W layout when they are images (enables translation augmentation).</param>
    public static SemiSupervisedGanTrainer SemiSupervisedGan(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", ImageShape? imageShape = null) =>
        catalog.SemiSupervisedGan(new SemiSupervisedGanOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, ImageShape = imageShape });

    /// <summary>The semi-supervised GAN classifier with all its options.</summary>
    /// <param name="catalog">The multiclass classification trainers.</param>
    /// <param name="options">Columns, networks and optimisation.</param>
    public static SemiSupervisedGanTrainer SemiSupervisedGan(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SemiSupervisedGanOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SemiSupervisedGanTrainer(MLContextAccess.Environment(catalog), options);
    }
}
