using GanMl;
using GanMl.Onnx;
using Microsoft.ML.Transforms.Onnx;

namespace Microsoft.ML;

/// <summary>GanMl's semi-supervised classifier in ML.NET's catalogs.</summary>
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

    /// <summary>
    /// Adds the trained discriminator's activations as a feature column (Radford et al. 2015, section 5.1): every hidden
    /// layer, convolutional maps max-pooled to about 4×4, concatenated. Any ML.NET trainer can then learn from features
    /// that all the images, labelled or not, shaped. Runs in ONNX Runtime; no TorchSharp.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">A fitted classifier's <see cref="SemiSupervisedGanTrainer.LastModel"/>.</param>
    /// <param name="outputColumnName">The new Vector&lt;Single&gt; column, of <see cref="SemiSupervisedGanModel.DiscriminatorFeatureCount"/> values.</param>
    /// <param name="inputColumnName">The feature column (same size and value range as in training); default the model's.</param>
    public static OnnxScoringEstimator DiscriminatorFeatures(this TransformsCatalog catalog, SemiSupervisedGanModel model,
        string outputColumnName = "DiscriminatorFeatures", string? inputColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        string input = inputColumnName ?? model.FeatureColumnName;
        var bytes = model.Onnx(new ClassifierOnnxBuilder.Names(input, null, null, outputColumnName));
        return catalog.ApplyOnnxModel([outputColumnName], [input], new MemoryStream(bytes), gpuDeviceId: null, fallbackToCpu: true);
    }
}
