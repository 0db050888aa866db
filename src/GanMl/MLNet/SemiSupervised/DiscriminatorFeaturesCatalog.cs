using GanMl;
using GanMl.Onnx;
using Microsoft.ML.Transforms.Onnx;

namespace Microsoft.ML;

/// <summary>
/// The featurizer of GanMl's semi-supervised classifier in ML.NET's transforms catalog. It runs in ONNX Runtime, so it is in
/// GanMl's core; the trainer (<c>SemiSupervisedGan</c>) is in GanMl.TorchSharp.
/// </summary>
public static class DiscriminatorFeaturesCatalog
{
    /// <summary>
    /// Adds the trained discriminator's activations as a feature column (Radford et al. 2015, section 5.1): every hidden
    /// layer, convolutional maps max-pooled to about 4×4, concatenated. Any ML.NET trainer can then learn from features
    /// that all the images, labelled or not, shaped. Runs in ONNX Runtime; no TorchSharp.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">A fitted classifier's <c>SemiSupervisedGanTrainer.LastModel</c>.</param>
    /// <param name="outputColumnName">The new Vector&lt;Single&gt; column, of <see cref="SemiSupervisedGanModel.DiscriminatorFeatureCount"/>
    /// values.</param>
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
