using GanMl.Imaging;
using Microsoft.ML;

namespace GanMl.Examples;

/// <summary>Writes a 10-column grid of generated images; for a conditional GAN each column is one class.</summary>
internal static class SampleGrid
{
    public static void Write(GanTransformer gan, string path, int seed, int rowsOfGrid = 8)
    {
        var shape = gan.ImageShape ?? throw new InvalidOperationException("The GAN has no ImageShape, so its rows cannot be drawn.");
        int classes = gan.ClassLabels.Count;
        int columns = classes is > 0 and <= 20 ? classes : 10;
        var data = classes > 0 ? gan.GeneratePerClass(Enumerable.Repeat(rowsOfGrid, classes).ToArray(), seed) : gan.Generate(columns * rowsOfGrid, seed: seed);
        var rows = DataViewImageWriter.ReadRows(data, gan.FeatureColumnName);
        // GeneratePerClass groups rows by class; reorder so that every grid row shows one of each class.
        var ordered = classes > 0 ? Enumerable.Range(0, rowsOfGrid).SelectMany(r => Enumerable.Range(0, classes).Select(c => rows[c * rowsOfGrid + r])).ToList() : rows;
        var range = gan.FeatureRange;
        ImageGrid.Write(path, ordered, shape.Channels, shape.Height, shape.Width, columns: columns, padding: 2, minValue: range.Min, maxValue: range.Max);
    }
}
