using Microsoft.ML.Data;

namespace GanMl.Imaging;

/// <summary>Loads IDX (MNIST / Fashion-MNIST) files as an <see cref="Microsoft.ML.IDataView"/>.</summary>
public static class IdxDataLoader
{
    /// <summary>
    /// Reads an IDX image file and its label file into an <see cref="Microsoft.ML.IDataView"/> with a pixel column
    /// (<c>Vector&lt;float, H*W&gt;</c>, values 0..255 times <see cref="IdxLoadOptions.Scale"/>, row-major) and a label column (class name).
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="imagesPath">The IDX image file, gzip-compressed or plain.</param>
    /// <param name="labelsPath">The IDX label file, gzip-compressed or plain.</param>
    /// <param name="options">Loading options; <see langword="null"/> for the defaults (Fashion-MNIST class names, all rows, 0..255).</param>
    /// <returns>The data view; it keeps the pixels as bytes and creates float rows only while a cursor reads them.</returns>
    /// <exception cref="InvalidDataException">A file is invalid, or a label has no class name.</exception>
    public static Microsoft.ML.IDataView Load(Microsoft.ML.MLContext ml, string imagesPath, string labelsPath, IdxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        options ??= new IdxLoadOptions();
        var dataset = IdxReader.Read(imagesPath, labelsPath, options.MaxRows, options.MaxRowsPerClass);
        return ToDataView(ml.Data, dataset, options, labelsPath);
    }

    /// <summary>
    /// Wraps an already read <see cref="IdxDataset"/> as an <see cref="Microsoft.ML.IDataView"/> (see <see cref="Load"/>).
    /// <see cref="IdxLoadOptions.MaxRows"/> and <see cref="IdxLoadOptions.MaxRowsPerClass"/> are ignored here.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Options (class names, scale, column names); <see langword="null"/> for the defaults.</param>
    /// <returns>The data view.</returns>
    public static Microsoft.ML.IDataView ToDataView(Microsoft.ML.MLContext ml, IdxDataset dataset, IdxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(dataset);
        return ToDataView(ml.Data, dataset, options ?? new IdxLoadOptions(), "the label file");
    }

    internal static Microsoft.ML.IDataView ToDataView(Microsoft.ML.DataOperationsCatalog data, IdxDataset dataset, IdxLoadOptions options, string labelSource)
    {
        if (options.ClassNames is null || options.ClassNames.Count == 0)
            throw new ArgumentException("IdxLoadOptions.ClassNames must hold at least one class name.", nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.PixelsColumnName, "options.PixelsColumnName");
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumnName, "options.LabelColumnName");
        if (options.PixelsColumnName == options.LabelColumnName)
            throw new ArgumentException($"The pixel and label columns must have different names (both are '{options.LabelColumnName}').", nameof(options));
        if (!float.IsFinite(options.Scale))
            throw new ArgumentOutOfRangeException(nameof(options), options.Scale, "IdxLoadOptions.Scale must be finite.");
        for (int i = 0; i < dataset.RowCount; i++)
        {
            if (dataset.Labels[i] >= options.ClassNames.Count)
                throw new InvalidDataException(
                    $"Row {i} of {labelSource} has label {dataset.Labels[i]}, but only {options.ClassNames.Count} class names are given (labels 0..{options.ClassNames.Count - 1}).");
        }

        var schema = SchemaDefinition.Create(typeof(IdxRow), SchemaDefinition.Direction.Read);
        schema[nameof(IdxRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dataset.PixelCount);
        schema[nameof(IdxRow.Pixels)].ColumnName = options.PixelsColumnName;
        schema[nameof(IdxRow.Label)].ColumnName = options.LabelColumnName;
        if (options.LabelledRowsPerClass is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.LabelledRowsPerClass, "IdxLoadOptions.LabelledRowsPerClass must be at least 0 (or null to keep every label).");
        var rows = new LazyIdxRows(dataset, options.ClassNames.ToArray(), options.Scale, options.LabelledRowsPerClass);
        return data.LoadFromEnumerable<IdxRow>(rows, schema);
    }
}
