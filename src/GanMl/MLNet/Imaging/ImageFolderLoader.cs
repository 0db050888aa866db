using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GanMl.Imaging;

/// <summary>
/// Loads a folder with one sub-folder per class as an <see cref="IDataView"/> through ML.NET ImageAnalytics
/// (<c>LoadImages</c>, <c>ResizeImages</c>, optionally <c>ConvertToGrayscale</c>, <c>ExtractPixels</c>).
/// </summary>
public static class ImageFolderLoader
{
    private sealed class ImageFolderRow
    {
        public string ImagePath = string.Empty;
        public string Label = string.Empty;
    }

    /// <summary>
    /// Lists the images of a class-per-sub-folder tree: class folders in ordinal name order, files in ordinal name order within each.
    /// Folders whose name starts with a dot are skipped; only direct children of each class folder are listed.
    /// </summary>
    /// <param name="folder">The root folder.</param>
    /// <param name="extensions">The image extensions (with dot); <see langword="null"/> for .png, .jpg, .jpeg, .bmp.</param>
    /// <returns>Pairs of full image path and class name.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class sub-folders, or they hold no images.</exception>
    public static IReadOnlyList<(string ImagePath, string Label)> ListImages(string folder, IReadOnlyCollection<string>? extensions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        var exts = new HashSet<string>(extensions ?? new ImageFolderOptions().Extensions, StringComparer.OrdinalIgnoreCase);
        if (exts.Count == 0)
            throw new ArgumentException("At least one image file extension is needed.", nameof(extensions));
        // Hidden folders (".git", ".ipynb_checkpoints", …) are not classes.
        var classDirs = Directory.GetDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
        if (classDirs.Length == 0)
            throw new InvalidDataException(
                $"Image folder '{folder}' has no class sub-folders; expected one sub-folder per class (e.g. '{Path.Combine(folder, "cat")}') holding the images.");
        var result = new List<(string, string)>();
        foreach (var dir in classDirs)
        {
            var label = Path.GetFileName(dir);
            foreach (var file in Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (exts.Contains(Path.GetExtension(file)))
                    result.Add((Path.GetFullPath(file), label));
            }
        }
        if (result.Count == 0)
            throw new InvalidDataException(
                $"Image folder '{folder}' has {classDirs.Length} class sub-folder(s) but no image files ({string.Join(", ", exts.OrderBy(e => e))}) in them.");
        return result;
    }

    /// <summary>
    /// Loads the images of a class-per-sub-folder tree as an <see cref="IDataView"/> with a pixel column
    /// (<c>Vector&lt;float, C*H*W&gt;</c>, values 0..255, planar C×H×W as <c>ExtractPixels</c> lays it out) and a label column (sub-folder name).
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="folder">The root folder; every sub-folder is a class.</param>
    /// <param name="options">Options; <see langword="null"/> for 28×28 grayscale.</param>
    /// <returns>The data view (images are decoded lazily, when a cursor reads the pixel column).</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class sub-folders or no images; when a row is read, an image file cannot be decoded
    /// (the message names it).</exception>
    public static IDataView Load(MLContext ml, string folder, ImageFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        options ??= new ImageFolderOptions();
        if (options.Width <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Width, "ImageFolderOptions.Width must be positive.");
        if (options.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Height, "ImageFolderOptions.Height must be positive.");
        ArgumentException.ThrowIfNullOrEmpty(options.PixelsColumnName, "options.PixelsColumnName");
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumnName, "options.LabelColumnName");
        ArgumentException.ThrowIfNullOrEmpty(options.ImagePathColumnName, "options.ImagePathColumnName");
        var names = new[] { options.PixelsColumnName, options.LabelColumnName, options.ImagePathColumnName };
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException("The pixel, label and image path column names must differ.", nameof(options));

        var files = ListImages(folder, options.Extensions);
        var rows = files.Select(f => new ImageFolderRow { ImagePath = f.ImagePath, Label = f.Label }).ToList();
        var schema = SchemaDefinition.Create(typeof(ImageFolderRow), SchemaDefinition.Direction.Read);
        schema[nameof(ImageFolderRow.ImagePath)].ColumnName = options.ImagePathColumnName;
        schema[nameof(ImageFolderRow.Label)].ColumnName = options.LabelColumnName;
        var input = ml.Data.LoadFromEnumerable(rows, schema);

        // A temporary column name that cannot clash with the user's columns.
        const string imageColumn = "__GanMl_Image";
        IEstimator<ITransformer> pipeline = ml.Transforms.LoadImages(imageColumn, Path.GetFullPath(folder), options.ImagePathColumnName)
            .Append(ml.Transforms.ResizeImages(imageColumn, options.Width, options.Height, imageColumn, options.Resizing));
        if (options.Grayscale)
            pipeline = pipeline.Append(ml.Transforms.ConvertToGrayscale(imageColumn, imageColumn));
        pipeline = pipeline
            .Append(ml.Transforms.ExtractPixels(options.PixelsColumnName, imageColumn,
                colorsToExtract: options.Grayscale ? ImagePixelExtractingEstimator.ColorBits.Red : ImagePixelExtractingEstimator.ColorBits.Rgb,
                orderOfExtraction: ImagePixelExtractingEstimator.ColorsOrder.ARGB,
                interleavePixelColors: false,
                offsetImage: 0f,
                scaleImage: 1f,
                outputAsFloatArray: true))
            .Append(ml.Transforms.DropColumns(options.KeepImagePath ? new[] { imageColumn } : new[] { imageColumn, options.ImagePathColumnName }));
        return new ImageFileErrorDataView(pipeline.Fit(input).Transform(input), files.Select(f => f.ImagePath).ToArray());
    }
}
