namespace GanMl;

/// <summary>Options of <see cref="FidEstimator"/> (see <c>ml.Transforms.Fid(FidOptions)</c>).</summary>
public sealed class FidOptions
{
    /// <summary>
    /// The feature column FID is computed on: a <c>Vector&lt;Single&gt;</c> of known size. Without an ONNX model it must be
    /// in the data; with an ONNX model it is the (flattened) model output, added to the data under this name.
    /// </summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>
    /// Optional ONNX feature extractor (for example InceptionV3 pool3 exported by <c>tools/export_inception_onnx.py</c>).
    /// When set, <see cref="InputColumnName"/> feeds it. The model runs through ML.NET's <c>ApplyOnnxModel</c>.
    /// </summary>
    public string? OnnxModelPath { get; set; }

    /// <summary>Name of the ONNX model's input tensor (shape [N, C, S, S] with C = <see cref="ModelInputChannels"/>, S =
    /// <see cref="InputSize"/>).</summary>
    public string OnnxInputName { get; set; } = "input";

    /// <summary>Name of the ONNX model's output tensor whose values (flattened) are the features. The Inception export names it "pool3".</summary>
    public string OnnxOutputName { get; set; } = "pool3";

    /// <summary>Side S of the square model input; inputs are resized bilinearly (align_corners=False, as torch's F.interpolate). InceptionV3:
    /// 299.</summary>
    public int InputSize { get; set; } = 299;

    /// <summary>Channels of the model input: 3 (grayscale is repeated, as pytorch-fid does) or 1 (colour is converted to luma).</summary>
    public int ModelInputChannels { get; set; } = 3;

    /// <summary>
    /// Column feeding the ONNX model: an ML.NET image column (from <c>LoadImages</c>; pixels read as RGB in [0, 1]) or a
    /// pixel vector column <c>Vector&lt;Single&gt;</c> in planar C x H x W order described by <see cref="PixelChannels"/>,
    /// <see cref="PixelHeight"/>, <see cref="PixelWidth"/>, <see cref="PixelMinValue"/> and <see cref="PixelMaxValue"/>.
    /// </summary>
    public string? InputColumnName { get; set; }

    /// <summary>Channels of a pixel vector input column (1 or 3).</summary>
    public int PixelChannels { get; set; } = 1;

    /// <summary>Height of a pixel vector input column.</summary>
    public int PixelHeight { get; set; }

    /// <summary>Width of a pixel vector input column.</summary>
    public int PixelWidth { get; set; }

    /// <summary>Pixel value that maps to black (-1 at the model input). ExtractPixels' default output range is [0, 255].</summary>
    public float PixelMinValue { get; set; }

    /// <summary>Pixel value that maps to white (+1 at the model input).</summary>
    public float PixelMaxValue { get; set; } = 255f;

    /// <summary>Also compute KID (kernel inception distance) in <see cref="FidTransformer.Evaluate"/>. Keeps the reference features in memory (n x d
    /// floats).</summary>
    public bool ComputeKid { get; set; }

    /// <summary>Number of KID subsets (clean-fid: 100).</summary>
    public int KidSubsets { get; set; } = 100;

    /// <summary>Rows per KID subset, capped at the smaller set size (clean-fid: 1000).</summary>
    public int KidSubsetSize { get; set; } = 1000;

    /// <summary>Seed of the KID subset sampling.</summary>
    public int Seed { get; set; }

    internal FidOptions Clone() => (FidOptions)MemberwiseClone();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
            throw new ArgumentException($"{nameof(FeatureColumnName)} must name the feature column.", nameof(FeatureColumnName));
        if (OnnxModelPath != null)
        {
            if (string.IsNullOrWhiteSpace(InputColumnName))
                throw new ArgumentException($"{nameof(InputColumnName)} must name the image or pixel column that feeds the ONNX model '{OnnxModelPath}'.", nameof(InputColumnName));
            if (string.IsNullOrWhiteSpace(OnnxInputName)) throw new ArgumentException($"{nameof(OnnxInputName)} must name the model's input tensor.", nameof(OnnxInputName));
            if (string.IsNullOrWhiteSpace(OnnxOutputName)) throw new ArgumentException($"{nameof(OnnxOutputName)} must name the model's output tensor.", nameof(OnnxOutputName));
            if (InputSize < 1) throw new ArgumentException($"{nameof(InputSize)} must be positive; got {InputSize}.", nameof(InputSize));
            if (ModelInputChannels is not (1 or 3)) throw new ArgumentException($"{nameof(ModelInputChannels)} must be 1 or 3; got {ModelInputChannels}.", nameof(ModelInputChannels));
            if (!(PixelMaxValue > PixelMinValue)) throw new ArgumentException($"{nameof(PixelMaxValue)} ({PixelMaxValue}) must be greater than {nameof(PixelMinValue)} ({PixelMinValue}).", nameof(PixelMaxValue));
        }
        else if (InputColumnName != null)
        {
            throw new ArgumentException($"{nameof(InputColumnName)} ('{InputColumnName}') is only used with {nameof(OnnxModelPath)}; without a model, FID reads {nameof(FeatureColumnName)} directly.", nameof(InputColumnName));
        }
        if (KidSubsets < 1) throw new ArgumentException($"{nameof(KidSubsets)} must be at least 1; got {KidSubsets}.", nameof(KidSubsets));
        if (KidSubsetSize < 2) throw new ArgumentException($"{nameof(KidSubsetSize)} must be at least 2; got {KidSubsetSize}.", nameof(KidSubsetSize));
    }
}
