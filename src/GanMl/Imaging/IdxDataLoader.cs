using System.Collections;
using GanMl.Imaging;
using Microsoft.ML.Data;

namespace GanMl.Imaging
{
    /// <summary>Options for loading IDX (MNIST / Fashion-MNIST) files as an <see cref="Microsoft.ML.IDataView"/>.</summary>
    public sealed class IdxLoadOptions
    {
        /// <summary>
        /// Gets or sets the class names, indexed by the label byte. Defaults to <see cref="FashionMnist.ClassNames"/>;
        /// use <see cref="Mnist.ClassNames"/> for MNIST digits.
        /// </summary>
        public IReadOnlyList<string> ClassNames { get; set; } = FashionMnist.ClassNames;

        /// <summary>Gets or sets the maximum number of rows per class (the first k rows of every class are kept, in file order). <see langword="null"/> keeps all.</summary>
        public int? MaxRowsPerClass { get; set; }

        /// <summary>Gets or sets the maximum number of rows overall (applied after <see cref="MaxRowsPerClass"/>). <see langword="null"/> keeps all.</summary>
        public int? MaxRows { get; set; }

        /// <summary>Gets or sets a factor applied to every pixel value. The default 1 keeps the 0..255 range, as <c>ExtractPixels</c> gives.</summary>
        public float Scale { get; set; } = 1f;

        /// <summary>Gets or sets the name of the pixel column (<c>Vector&lt;float, H*W&gt;</c>). Default <c>"Pixels"</c>.</summary>
        public string PixelsColumnName { get; set; } = "Pixels";

        /// <summary>Gets or sets the name of the label column (class name as text). Default <c>"Label"</c>.</summary>
        public string LabelColumnName { get; set; } = "Label";
    }

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
            var rows = new LazyIdxRows(dataset, options.ClassNames.ToArray(), options.Scale);
            return data.LoadFromEnumerable<IdxRow>(rows, schema);
        }
    }

    /// <summary>One row of an IDX data view (internal: created lazily by <see cref="LazyIdxRows"/>).</summary>
    internal sealed class IdxRow
    {
        public float[] Pixels = Array.Empty<float>();
        public string Label = string.Empty;
    }

    /// <summary>
    /// A read-only list that creates <see cref="IdxRow"/> objects on demand, so ML.NET's list-backed data view
    /// (row count, random access, shuffling) works without materializing all float rows.
    /// </summary>
    internal sealed class LazyIdxRows : IList<IdxRow>, IReadOnlyList<IdxRow>
    {
        private readonly IdxDataset _dataset;
        private readonly string[] _classNames;
        private readonly float _scale;

        public LazyIdxRows(IdxDataset dataset, string[] classNames, float scale)
        {
            _dataset = dataset;
            _classNames = classNames;
            _scale = scale;
        }

        public int Count => _dataset.RowCount;

        public bool IsReadOnly => true;

        public IdxRow this[int index]
        {
            get => new IdxRow { Pixels = _dataset.GetPixelsAsFloat(index, _scale), Label = _classNames[_dataset.Labels[index]] };
            set => throw new NotSupportedException("The IDX row list is read-only.");
        }

        public IEnumerator<IdxRow> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public int IndexOf(IdxRow item) => throw new NotSupportedException();

        public bool Contains(IdxRow item) => throw new NotSupportedException();

        public void CopyTo(IdxRow[] array, int arrayIndex)
        {
            for (int i = 0; i < Count; i++)
                array[arrayIndex + i] = this[i];
        }

        public void Insert(int index, IdxRow item) => throw new NotSupportedException();

        public void RemoveAt(int index) => throw new NotSupportedException();

        public void Add(IdxRow item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(IdxRow item) => throw new NotSupportedException();
    }
}

namespace Microsoft.ML
{
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
}
