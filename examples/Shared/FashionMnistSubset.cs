using GanMl.Imaging;

namespace GanMl.Examples;

// Shared by the examples and the tests (compiled into each): it finds the repository's data/ folder, so it is no library API.
/// <summary>Locates the stratified Fashion-MNIST subset shipped with GanMl (<c>data/fashion-mnist-subset</c>).</summary>
internal static class FashionMnistSubset
{
    /// <summary>The relative folder that holds the subset.</summary>
    public const string RelativeFolder = "data/fashion-mnist-subset";

    /// <summary>
    /// Finds the subset folder by walking up from <see cref="AppContext.BaseDirectory"/> (and then from the current directory).
    /// </summary>
    /// <returns>The full path of the folder.</returns>
    /// <exception cref="DirectoryNotFoundException">No parent folder contains <c>data/fashion-mnist-subset</c>.</exception>
    public static string FindFolder()
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "fashion-mnist-subset");
                if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz")))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"Could not find '{RelativeFolder}' (with train-images-idx3-ubyte.gz) in '{AppContext.BaseDirectory}', " +
            $"'{Directory.GetCurrentDirectory()}' or any of their parent folders. Run from inside the GanMl repository, " +
            "or load the IDX files with IdxDataLoader.Load and explicit paths.");
    }

    /// <summary>Gets the paths of the image and label files of one split.</summary>
    /// <param name="train"><see langword="true"/> for the 5,000-row training split, <see langword="false"/> for the 1,000-row test split.</param>
    /// <returns>The image and label file paths.</returns>
    public static (string ImagesPath, string LabelsPath) GetPaths(bool train)
    {
        var folder = FindFolder();
        var prefix = train ? "train" : "t10k";
        return (Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"));
    }

    /// <summary>
    /// Loads one split of the subset as an <see cref="Microsoft.ML.IDataView"/> (<c>Pixels</c> Vector&lt;float, 784&gt; 0..255, <c>Label</c> class name).
    /// Rows are interleaved by class, so the first 10·k rows hold k rows of every class.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="train"><see langword="true"/> for the training split (5,000 rows), <see langword="false"/> for the test split (1,000 rows).</param>
    /// <param name="options">Loading options; <see langword="null"/> for the defaults.</param>
    /// <returns>The data view.</returns>
    public static Microsoft.ML.IDataView Load(Microsoft.ML.MLContext ml, bool train = true, IdxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var (images, labels) = GetPaths(train);
        return IdxDataLoader.Load(ml, images, labels, options);
    }
}
