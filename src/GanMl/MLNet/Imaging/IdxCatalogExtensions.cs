using GanMl.Imaging;

namespace Microsoft.ML;

/// <summary>Catalog extensions that load IDX (MNIST / Fashion-MNIST) files.</summary>
public static class IdxCatalogExtensions
{
    /// <summary>
    /// Loads an IDX image file and its label file as an <see cref="IDataView"/> with columns <c>Pixels</c>
    /// (<c>Vector&lt;float, H*W&gt;</c>, 0..255) and <c>Label</c> (Fashion-MNIST class name).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="imagesPath">The IDX image file, gzip-compressed or plain.</param>
    /// <param name="labelsPath">The IDX label file, gzip-compressed or plain.</param>
    /// <param name="maxRowsPerClass">Keep only the first this many rows of every class.</param>
    /// <returns>The data view.</returns>
    /// <remarks>
    /// <paramref name="maxRowsPerClass"/> is not nullable, so that <c>LoadFromIdx(images, labels, null)</c> resolves to the
    /// options overload (null options: the defaults) instead of being ambiguous; omit the argument to keep every row.
    /// </remarks>
    public static IDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath, int maxRowsPerClass)
        => LoadFromIdx(catalog, imagesPath, labelsPath, new IdxLoadOptions { MaxRowsPerClass = maxRowsPerClass });

    /// <summary>
    /// Loads an IDX image file and its label file as an <see cref="IDataView"/> (see <see cref="IdxDataLoader.Load"/>).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="imagesPath">The IDX image file, gzip-compressed or plain.</param>
    /// <param name="labelsPath">The IDX label file, gzip-compressed or plain.</param>
    /// <param name="options">Loading options; <see langword="null"/> for the defaults (Fashion-MNIST class names, all rows, 0..255).</param>
    /// <returns>The data view.</returns>
    public static IDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string labelsPath, IdxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new IdxLoadOptions();
        var dataset = IdxReader.Read(imagesPath, labelsPath, options.MaxRows, options.MaxRowsPerClass);
        return IdxDataLoader.ToDataView(catalog, dataset, options, labelsPath);
    }
}
