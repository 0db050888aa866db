using GanMl;

namespace Microsoft.ML;

/// <summary>
/// Appends GAN augmentation to an estimator chain. With unlabelled images as well as labelled ones, train a classifier
/// with <c>ml.MulticlassClassification.Trainers.SemiSupervisedGan</c> instead: that is where GANs raised accuracy with
/// few labels (docs/semi-supervised.md, docs/augmentation.md).
/// </summary>
public static class GanAugmentationCatalog
{
    /// <summary>
    /// Trains a GAN on the output of <paramref name="estimator"/> at Fit, and fits the steps appended afterwards on real + synthetic rows
    /// (one synthetic row per real row, following the class distribution; validated on held-out rows when the chain ends in a
    /// classifier). Scoring is untouched: the fitted model adds no rows.
    /// </summary>
    /// <param name="estimator">The steps before the augmentation.</param>
    /// <param name="featureColumnName">A known-size Vector&lt;Single&gt; column for the GAN to learn.</param>
    /// <param name="labelColumnName">Optional label column; when set, the GAN is conditional.</param>
    /// <param name="imageShape">Image layout; when set, a DCGAN is trained (the recipe <see cref="GanRecipe"/> describes), else an MLP GAN.</param>
    /// <param name="epochs">GAN training epochs; null sets a budget from the data size.</param>
    public static GanAugmentationEstimator<ITransformer> AppendGanAugmentation<TTransformer>(this IEstimator<TTransformer> estimator,
        string featureColumnName, string? labelColumnName = null, ImageShape? imageShape = null, int? epochs = null)
        where TTransformer : class, ITransformer =>
        estimator.AppendGanAugmentation(new GanAugmentationOptions
        {
            FeatureColumnName = featureColumnName, LabelColumnName = labelColumnName,
            Gan = new GanOptions { ImageShape = imageShape, Epochs = epochs },
        });

    /// <summary>
    /// Appends GAN augmentation configured by <paramref name="options"/>; see the simple overload. The GAN step logs
    /// and seeds through the MLContext of <paramref name="estimator"/> (found inside ML.NET's estimators; throws when the
    /// chain holds none, then pass the context to the other overload); set <see cref="GanOptions.Seed"/> to fix the seed regardless of context.
    /// </summary>
    /// <param name="estimator">The steps before the augmentation.</param>
    /// <param name="options">Columns, amount of synthetic rows and the GAN's settings.</param>
    public static GanAugmentationEstimator<ITransformer> AppendGanAugmentation<TTransformer>(this IEstimator<TTransformer> estimator, GanAugmentationOptions options)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new GanAugmentationEstimator<ITransformer>(MLContextAccess.Environment(estimator), estimator, options, []);
    }

    /// <summary>
    /// Appends GAN augmentation that logs and seeds through <paramref name="mlContext"/>: for chains whose first step is
    /// not an ML.NET estimator (so that the context cannot be found inside it).
    /// </summary>
    /// <param name="estimator">The steps before the augmentation.</param>
    /// <param name="mlContext">The context the GAN step runs in.</param>
    /// <param name="options">Columns, amount of synthetic rows and the GAN's settings.</param>
    public static GanAugmentationEstimator<ITransformer> AppendGanAugmentation<TTransformer>(this IEstimator<TTransformer> estimator, MLContext mlContext, GanAugmentationOptions options)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new GanAugmentationEstimator<ITransformer>(MLContextAccess.Environment(mlContext.Transforms), estimator, options, []);
    }
}
