namespace GanMl.Imaging;

/// <summary>Options for loading IDX (MNIST / Fashion-MNIST) files as an <see cref="Microsoft.ML.IDataView"/>.</summary>
public sealed class IdxLoadOptions
{
    /// <summary>
    /// Gets or sets the class names, indexed by the label byte. Defaults to <see cref="FashionMnist.ClassNames"/>;
    /// use <see cref="Mnist.ClassNames"/> for MNIST digits.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; set; } = FashionMnist.ClassNames;

    /// <summary>Gets or sets the maximum number of rows per class (the first k rows of every class are kept, in file order). <see langword="null"/>
    /// keeps all.</summary>
    public int? MaxRowsPerClass { get; set; }

    /// <summary>Gets or sets the maximum number of rows overall (applied after <see cref="MaxRowsPerClass"/>). <see langword="null"/> keeps
    /// all.</summary>
    public int? MaxRows { get; set; }

    /// <summary>
    /// Gets or sets how many rows of every class keep their label (the first k in file order); the others get an empty
    /// label, which <c>MapValueToKey</c> turns into a missing key: the unlabelled rows of the semi-supervised classifier.
    /// <see langword="null"/> (default) keeps every label.
    /// </summary>
    public int? LabelledRowsPerClass { get; set; }

    /// <summary>Gets or sets a factor applied to every pixel value. The default 1 keeps the 0..255 range, as <c>ExtractPixels</c> gives.</summary>
    public float Scale { get; set; } = 1f;

    /// <summary>Gets or sets the name of the pixel column (<c>Vector&lt;float, H*W&gt;</c>). Default <c>"Pixels"</c>.</summary>
    public string PixelsColumnName { get; set; } = "Pixels";

    /// <summary>Gets or sets the name of the label column (class name as text). Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";
}
