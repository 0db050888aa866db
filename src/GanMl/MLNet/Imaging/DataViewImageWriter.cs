using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl.Imaging;

/// <summary>Writes the rows of a pixel vector column of an <see cref="IDataView"/> as PNG files and as a PNG grid.</summary>
public static class DataViewImageWriter
{
    /// <summary>
    /// Reads up to <paramref name="maxRows"/> rows of a <c>Vector&lt;float&gt;</c> column as dense arrays.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="columnName">The pixel column (vector of <see cref="float"/>).</param>
    /// <param name="maxRows">The maximum number of rows to read; <see langword="null"/> reads all.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<float[]> ReadRows(IDataView data, string columnName, int? maxRows = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        if (maxRows is < 0)
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be non-negative.");
        var column = data.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"The data has no column '{columnName}'. Columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.", nameof(columnName));
        if (column.Type is not VectorDataViewType vt || vt.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{columnName}' has type {column.Type}; a vector of Single (Vector<float>) is needed.", nameof(columnName));
        if (maxRows == 0)
            return [];
        return data.GetColumn<float[]>(column).Take(maxRows ?? int.MaxValue).ToList();
    }

    /// <summary>
    /// Writes rows of a pixel column as PNG files named <c>{filePrefix}{index:D5}.png</c> into a folder (created if missing).
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="columnName">The pixel column (Vector&lt;float&gt; of C×H×W values, planar).</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The image height.</param>
    /// <param name="width">The image width.</param>
    /// <param name="minValue">The value that maps to 0 (0 for 0..255 data, -1 for [-1, 1] data).</param>
    /// <param name="maxValue">The value that maps to 255.</param>
    /// <param name="maxRows">The maximum number of rows to write; <see langword="null"/> writes all.</param>
    /// <param name="filePrefix">The file name prefix.</param>
    /// <returns>The paths of the written files, in row order.</returns>
    public static IReadOnlyList<string> WriteImages(IDataView data, string columnName, string folder, int channels, int height, int width,
        float minValue = 0f, float maxValue = 255f, int? maxRows = null, string filePrefix = "image")
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(filePrefix);
        PngWriter.CheckRange(minValue, maxValue);
        var rows = ReadRows(data, columnName, maxRows);
        Directory.CreateDirectory(folder);
        var paths = new List<string>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            PngWriter.CheckShape(rows[i].Length, channels, height, width, $"row {i} of column '{columnName}'");
            var path = Path.Combine(folder, $"{filePrefix}{i:D5}.png");
            PngWriter.Write(path, rows[i], channels, height, width, minValue, maxValue);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Writes the first rows of a pixel column as one PNG grid (see <see cref="ImageGrid.Write"/>).</summary>
    /// <param name="data">The data.</param>
    /// <param name="columnName">The pixel column (Vector&lt;float&gt; of C×H×W values, planar).</param>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="channels">1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">The image height.</param>
    /// <param name="width">The image width.</param>
    /// <param name="columns">The number of grid columns.</param>
    /// <param name="padding">The padding in pixels.</param>
    /// <param name="minValue">The value that maps to 0.</param>
    /// <param name="maxValue">The value that maps to 255.</param>
    /// <param name="maxRows">The maximum number of tiles.</param>
    /// <returns>The number of tiles written.</returns>
    public static int WriteGrid(IDataView data, string columnName, string path, int channels, int height, int width,
        int columns = 10, int padding = 2, float minValue = 0f, float maxValue = 255f, int maxRows = 100)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (maxRows <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "maxRows must be positive.");
        var rows = ReadRows(data, columnName, maxRows);
        if (rows.Count == 0)
            throw new ArgumentException($"The data has no rows, so no grid can be written for column '{columnName}'.", nameof(data));
        ImageGrid.Write(path, rows, channels, height, width, columns, padding, minValue, maxValue);
        return rows.Count;
    }
}
