using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class OversamplingTests
{
    /// <summary>Captures, per Fit, the rows the step saw (pixels and key); passes rows through.</summary>
    private sealed class CapturingEstimator(MLContext ml) : IEstimator<ITransformer>
    {
        public List<List<(float[] Pixels, uint Key)>> Fits { get; } = [];

        public ITransformer Fit(IDataView input)
        {
            Fits.Add(input.GetColumn<float[]>("Pixels").Zip(input.GetColumn<uint>("Label")).ToList());
            return ml.Transforms.CopyColumns("PixelsCopy", "Pixels").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ml.Transforms.CopyColumns("PixelsCopy", "Pixels").GetOutputSchema(inputSchema);
    }

    /// <summary>30 rows of Bag, 10 of Coat, 5 of Sneaker.</summary>
    private static List<TestData.Row> Imbalanced() =>
        TestData.Rows(90).GroupBy(r => r.Label).SelectMany(g => g.Take(g.Key switch { "Bag" => 30, "Coat" => 10, _ => 5 })).ToList();

    [Fact]
    public void RandomOversamplingDrawsExactCountsFromEachClassOwnRows()
    {
        var ml = new MLContext(seed: 1);
        var rows = Imbalanced();
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(TestData.Load(ml, rows)).Transform(TestData.Load(ml, rows));
        var drawn = RandomOversampling.Draw(data, LabelCodec.FromKeyColumn(data.Schema["Label"]), [0, 20, 25], seed: 4);

        Assert.Equal(45L, drawn.GetRowCount());
        var pixels = drawn.GetColumn<float[]>("Pixels").ToList();
        var labels = drawn.GetColumn<uint>("Label").ToList();
        Assert.Equal(45, pixels.Count);
        Assert.Equal(20, labels.Count(k => k == 2));
        Assert.Equal(25, labels.Count(k => k == 3));
        for (int i = 0; i < pixels.Count; i++)
        {
            string label = labels[i] == 2 ? "Coat" : "Sneaker";
            Assert.Contains(rows, r => r.Label == label && r.Pixels.SequenceEqual(pixels[i]));
        }
        // 25 draws from 5 rows: some rows come again, and the same seed draws the same rows.
        Assert.True(pixels.Where((_, i) => labels[i] == 3).Distinct(new SequenceComparer()).Count() < 25);
        Assert.Equal(pixels, RandomOversampling.Draw(data, LabelCodec.FromKeyColumn(data.Schema["Label"]), [0, 20, 25], seed: 4).GetColumn<float[]>("Pixels").ToList());
        // Every row has its own id, so ML.NET's shuffle and cache can tell the copies apart.
        using var cursor = drawn.GetRowCursor([]);
        var id = cursor.GetIdGetter();
        var ids = new HashSet<DataViewRowId>();
        while (cursor.MoveNext()) { DataViewRowId value = default; id(ref value); ids.Add(value); }
        Assert.Equal(45, ids.Count);
    }

    [Fact]
    public void ShareOneBalancesWithRealRowsOnlyAndValidationTriesTheShares()
    {
        var ml = new MLContext(seed: 1);
        var rows = Imbalanced();
        var capture = new CapturingEstimator(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(TestData.SmallAugmentation() with { ValidateAugmentation = false, BalanceClasses = true, SyntheticRowCount = 45, OversampledRowShare = 1, ShuffleCombinedRows = false })
            .Append(capture)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));
        pipeline.Fit(TestData.Load(ml, rows));

        var seen = capture.Fits.Single();
        Assert.Equal(90, seen.Count);
        Assert.Equal([30, 30, 30], seen.GroupBy(r => r.Key).OrderBy(g => g.Key).Select(g => g.Count()));
        // Every added row is a real row of its own class.
        foreach (var (pixels, key) in seen.Skip(45))
            Assert.Contains(rows, r => r.Label == TestData.Classes[key - 1] && r.Pixels.SequenceEqual(pixels));
        Assert.Equal(1, pipeline.LastFitReport!.OversampledRowShare);
        Assert.Contains("oversampled", pipeline.LastFitReport.ToString());

        // Under validation with class balancing, every ratio is tried with GAN rows only, half and half, and oversampling only.
        var validated = ml.Transforms.Conversion.MapValueToKey("Label")
            .AppendGanAugmentation(TestData.SmallAugmentation() with { BalanceClasses = true, ValidationRatios = [0.5, 1.0] })
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 3));
        validated.Fit(TestData.Load(ml, rows));
        Assert.Equal([(0.5, 0.0), (0.5, 0.5), (0.5, 1.0), (1.0, 0.0), (1.0, 0.5), (1.0, 1.0)],
            validated.LastFitReport!.Candidates.Select(c => (c.SyntheticRowsPerRealRow, c.OversampledRowShare)));
    }

    [Fact]
    public void BadSharesAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label");
        Assert.Contains("OversampledRowShare", Assert.Throws<ArgumentException>(() => keys.AppendGanAugmentation(TestData.SmallAugmentation() with { OversampledRowShare = 1.5 })).Message);
        Assert.Contains("OversampledRowShare", Assert.Throws<ArgumentException>(() => keys.AppendGanAugmentation(TestData.SmallAugmentation() with { OversampledRowShare = double.NaN })).Message);
        Assert.Contains("LabelColumnName", Assert.Throws<ArgumentException>(() => keys.AppendGanAugmentation(TestData.SmallAugmentation() with { LabelColumnName = null, OversampledRowShare = 0.5 })).Message);
    }

    private sealed class SequenceComparer : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(float[] obj) => obj.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
    }
}
