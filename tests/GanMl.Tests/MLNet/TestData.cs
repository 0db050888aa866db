using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl.Tests.MLNet;

/// <summary>Small synthetic image-like rows: each class is a bright bar at its own position on a 0..255 background.</summary>
internal static class TestData
{
    public sealed class Row
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
    }

    public static readonly string[] Classes = ["Bag", "Coat", "Sneaker"];

    /// <summary>Augmentation of these rows with a tiny, one-epoch MLP GAN: seconds per Fit.</summary>
    public static GanAugmentationOptions SmallAugmentation() => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = "Label",
        Gan = new GanOptions { MlpPreset = MlpPreset.Minimal, LatentDimension = 8, Epochs = 1, BatchSize = 16, Seed = 3 },
    };

    public static List<Row> Rows(int count, int side = 8, int seed = 0)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            int c = i % Classes.Length;
            var pixels = new float[side * side];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = (float)(random.NextDouble() * 40);
            for (int x = 0; x < side; x++) pixels[(2 * c + 1) * side + x] = 200 + (float)(random.NextDouble() * 55);
            rows.Add(new Row { Pixels = pixels, Label = Classes[c] });
        }
        return rows;
    }

    public static IDataView Load(MLContext ml, IEnumerable<Row> rows, int side = 8)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, side * side);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
