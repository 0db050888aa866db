using Microsoft.ML.Transforms.Image;

namespace GanMl.Imaging;

/// <summary>Options for <see cref="ImageFolderLoader.Load"/>.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>Gets or sets the width every image is resized to. Default 28.</summary>
    public int Width { get; set; } = 28;

    /// <summary>Gets or sets the height every image is resized to. Default 28.</summary>
    public int Height { get; set; } = 28;

    /// <summary>
    /// Gets or sets whether to produce one grayscale channel (<c>ConvertToGrayscale</c>, then the red plane; default) or
    /// three colour channels (R, G, B planes).
    /// </summary>
    public bool Grayscale { get; set; } = true;

    /// <summary>Gets or sets how images are resized (default <see cref="ImageResizingEstimator.ResizingKind.IsoCrop"/>, ML.NET's default).</summary>
    public ImageResizingEstimator.ResizingKind Resizing { get; set; } = ImageResizingEstimator.ResizingKind.IsoCrop;

    /// <summary>Gets or sets the name of the pixel column. Default <c>"Pixels"</c>.</summary>
    public string PixelsColumnName { get; set; } = "Pixels";

    /// <summary>Gets or sets the name of the label column (the class sub-folder name). Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Gets or sets the name of the image path column, kept in the output only when <see cref="KeepImagePath"/> is set. Default
    /// <c>"ImagePath"</c>.</summary>
    public string ImagePathColumnName { get; set; } = "ImagePath";

    /// <summary>Gets or sets whether the output keeps the full image path column. Default <see langword="false"/> (only pixels and label).</summary>
    public bool KeepImagePath { get; set; }

    /// <summary>Gets or sets the file extensions (with dot, case-insensitive) that count as images. Default .png, .jpg, .jpeg, .bmp.</summary>
    public IReadOnlyCollection<string> Extensions { get; set; } = new[] { ".png", ".jpg", ".jpeg", ".bmp" };
}
