using GanMl.IO;
using GanMl.Onnx;

namespace GanMl;

/// <summary>
/// What a <c>SemiSupervisedGanTrainer</c> fit learned, beside the ML.NET transformer it returns: the class names,
/// the per-epoch history, the epoch kept, and the trained classifier as an ONNX model (no TorchSharp needed to use it).
/// <see cref="Microsoft.ML.DiscriminatorFeaturesCatalog.DiscriminatorFeatures"/> turns it into a featurizer for any ML.NET trainer.
/// </summary>
public sealed class SemiSupervisedGanModel
{
    /// <summary>Input name of the model <see cref="ExportOnnx"/> writes: float32 [N, features], raw feature values.</summary>
    public const string OnnxInputName = "features";
    /// <summary>Output of class probabilities [N, classes] in key order.</summary>
    public const string OnnxScoresName = "scores";
    /// <summary>Output of the discriminator features (see <see cref="DiscriminatorFeatureCount"/>).</summary>
    public const string OnnxFeaturesName = "discriminator_features";

    internal SemiSupervisedGanModel(ClassifierNetwork network, string featureColumnName, IReadOnlyList<string> classNames,
        IReadOnlyList<SemiSupervisedGanEpoch> history, int bestEpoch)
    {
        Network = network;
        FeatureColumnName = featureColumnName;
        ClassNames = classNames;
        History = history;
        BestEpoch = bestEpoch;
    }

    internal ClassifierNetwork Network { get; }

    /// <summary>The feature column the classifier was trained on.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The label's key values as text, in key order (class index i is key i + 1).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>One record per epoch trained.</summary>
    public IReadOnlyList<SemiSupervisedGanEpoch> History { get; }

    /// <summary>The epoch whose weights the classifier has: the best by validation accuracy, or the last without validation.</summary>
    public int BestEpoch { get; }

    /// <summary>Validation accuracy of <see cref="BestEpoch"/>, or null without validation.</summary>
    public double? BestValidationAccuracy => History.FirstOrDefault(e => e.Epoch == BestEpoch)?.ValidationAccuracy;

    /// <summary>Width of the <c>DiscriminatorFeatures</c> column: every hidden activation, convolutional ones max-pooled to about 4×4.</summary>
    public long DiscriminatorFeatureCount => ClassifierOnnxBuilder.FeatureWidth(Network);

    /// <summary>
    /// Writes the classifier as an ONNX model (opset 17): input <see cref="OnnxInputName"/> float32 [N, features] in the
    /// training value range; outputs <see cref="OnnxScoresName"/> (class probabilities in key order) and
    /// <see cref="OnnxFeaturesName"/>. Metadata <c>ganml.class_names</c> lists the classes. Written atomically.
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void ExportOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, Onnx(new ClassifierOnnxBuilder.Names(OnnxInputName, OnnxScoresName, null, OnnxFeaturesName)));
    }

    /// <summary>The ONNX model with the given input and output names.</summary>
    internal byte[] Onnx(ClassifierOnnxBuilder.Names names)
    {
        var metadata = new Dictionary<string, string>
        {
            ["ganml.kind"] = "semi-supervised-gan-classifier",
            ["ganml.feature_column"] = FeatureColumnName,
            ["ganml.class_names"] = System.Text.Json.JsonSerializer.Serialize(ClassNames),
            ["ganml.best_epoch"] = BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return ClassifierOnnxBuilder.Build(Network, names, metadata, typeof(SemiSupervisedGanModel).Assembly.GetName().Version?.ToString() ?? "");
    }
}
