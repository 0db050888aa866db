using GanMl.Imaging;
using GanMl.Tests.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.MLNet;

public class ConcatDataViewTests
{
    private static (IDataView First, IDataView Second) TwoIdxViews(MLContext ml, int firstPerClass = 2, int secondPerClass = 1)
    {
        var first = IdxDataLoader.Load(ml, TestPaths.TrainImages, TestPaths.TrainLabels, new IdxLoadOptions { MaxRowsPerClass = firstPerClass });
        var second = IdxDataLoader.Load(ml, TestPaths.TestImages, TestPaths.TestLabels, new IdxLoadOptions { MaxRowsPerClass = secondPerClass });
        return (first, second);
    }

    [Fact]
    public void YieldsAllRowsOfFirstThenSecondWithRowCount()
    {
        var ml = new MLContext(seed: 1);
        var (first, second) = TwoIdxViews(ml);
        var concat = new ConcatDataView(first, second);
        Assert.Equal(30, concat.GetRowCount());
        Assert.False(concat.CanShuffle);

        var rows = ml.Data.CreateEnumerable<IdxDataLoaderTests.PixelRow>(concat, reuseRowObject: false).ToList();
        var expectedFirst = ml.Data.CreateEnumerable<IdxDataLoaderTests.PixelRow>(first, reuseRowObject: false).ToList();
        var expectedSecond = ml.Data.CreateEnumerable<IdxDataLoaderTests.PixelRow>(second, reuseRowObject: false).ToList();
        Assert.Equal(30, rows.Count);
        var expected = expectedFirst.Concat(expectedSecond).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Label, rows[i].Label);
            Assert.Equal(expected[i].Pixels, rows[i].Pixels);
        }
        // Independent anchors (python): train row 0 sums to 84598, test row 0 to 83873.
        Assert.Equal(84598.0, rows[0].Pixels.Sum(p => (double)p));
        Assert.Equal(83873.0, rows[20].Pixels.Sum(p => (double)p));
    }

    [Fact]
    public void GettersFollowTheSwitchAndIdsAreUnique()
    {
        var ml = new MLContext(seed: 1);
        var (first, second) = TwoIdxViews(ml, 1, 1);
        var concat = new ConcatDataView(first, second);
        var label = concat.Schema["Label"];
        using var cursor = concat.GetRowCursor(new[] { label });
        Assert.True(cursor.IsColumnActive(label));
        Assert.False(cursor.IsColumnActive(concat.Schema["Pixels"]));
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(label);
        var idGetter = cursor.GetIdGetter();
        var labels = new List<string>();
        var ids = new HashSet<DataViewRowId>();
        ReadOnlyMemory<char> value = default;
        DataViewRowId id = default;
        long expectedPosition = 0;
        while (cursor.MoveNext())
        {
            Assert.Equal(expectedPosition++, cursor.Position);
            getter(ref value);
            idGetter(ref id);
            labels.Add(value.ToString());
            Assert.True(ids.Add(id), $"duplicate row id at position {cursor.Position}");
        }
        Assert.Equal(FashionMnist.ClassNames.Concat(FashionMnist.ClassNames), labels);
        Assert.Equal(20, ids.Count);
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(label));
    }

    [Fact]
    public void RowCountIsNullWhenASourceCountIsUnknown()
    {
        var ml = new MLContext(seed: 1);
        var known = ml.Data.LoadFromEnumerable(new[] { new Numbers { X = 1 }, new Numbers { X = 2 } });
        var streaming = ml.Data.LoadFromEnumerable(Enumerable.Range(3, 3).Select(i => new Numbers { X = i }));
        Assert.Null(streaming.GetRowCount());
        var concat = new ConcatDataView(known, streaming);
        Assert.Null(concat.GetRowCount());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5 }, ml.Data.CreateEnumerable<Numbers>(concat, false).Select(n => n.X));
        Assert.Equal(5, new ConcatDataView(known, ml.Data.LoadFromEnumerable(Enumerable.Range(3, 3).Select(i => new Numbers { X = i }).ToList())).GetRowCount());
    }

    [Fact]
    public void EmptySourcesAreHandled()
    {
        var ml = new MLContext(seed: 1);
        var empty = ml.Data.LoadFromEnumerable(new List<Numbers>());
        var some = ml.Data.LoadFromEnumerable(new[] { new Numbers { X = 1 }, new Numbers { X = 2 } });
        Assert.Equal(new float[] { 1, 2 }, ml.Data.CreateEnumerable<Numbers>(new ConcatDataView(empty, some), false).Select(n => n.X));
        Assert.Equal(new float[] { 1, 2 }, ml.Data.CreateEnumerable<Numbers>(new ConcatDataView(some, empty), false).Select(n => n.X));
        Assert.Empty(ml.Data.CreateEnumerable<Numbers>(new ConcatDataView(empty, empty), false));
        Assert.Equal(0, new ConcatDataView(empty, empty).GetRowCount());
    }

    public sealed class Numbers
    {
        public float X { get; set; }
    }

    public sealed class OtherNumbers
    {
        public double X { get; set; }
    }

    public sealed class ShortPixels
    {
        [VectorType(10)]
        public float[] Pixels { get; set; } = new float[10];

        public string Label { get; set; } = "a";
    }

    [Fact]
    public void SchemaMismatchNamesTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var (first, _) = TwoIdxViews(ml, 1, 1);
        var shortView = ml.Data.LoadFromEnumerable(new[] { new ShortPixels() });
        var ex = Assert.Throws<ArgumentException>(() => new ConcatDataView(first, shortView));
        Assert.Contains("'Pixels'", ex.Message);
        Assert.Contains("784", ex.Message);
        Assert.Contains("10", ex.Message);

        var a = ml.Data.LoadFromEnumerable(new[] { new Numbers { X = 1 } });
        var b = ml.Data.LoadFromEnumerable(new[] { new OtherNumbers { X = 1 } });
        ex = Assert.Throws<ArgumentException>(() => new ConcatDataView(a, b));
        Assert.Contains("'X'", ex.Message);

        var missing = ml.Transforms.DropColumns("Label").Fit(first).Transform(first);
        ex = Assert.Throws<ArgumentException>(() => new ConcatDataView(first, missing));
        Assert.Contains("'Label'", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new ConcatDataView(missing, first));
        Assert.Contains("'Label'", ex.Message);

        // Key types with different cardinality.
        var keys10 = ml.Transforms.Conversion.MapValueToKey("Label").Fit(first).Transform(first);
        var three = IdxDataLoader.Load(ml, TestPaths.TestImages, TestPaths.TestLabels, new IdxLoadOptions { MaxRows = 3 });
        var keys3 = ml.Transforms.Conversion.MapValueToKey("Label").Fit(three).Transform(three);
        ex = Assert.Throws<ArgumentException>(() => new ConcatDataView(keys10, keys3));
        Assert.Contains("'Label'", ex.Message);
        Assert.Contains("cardinalities", ex.Message);
    }

    public sealed class Prediction
    {
        public string LabelText { get; set; } = string.Empty;

        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void FeedsAnMlNetTrainerWithAllRows()
    {
        var ml = new MLContext(seed: 1);
        var (first, second) = TwoIdxViews(ml, firstPerClass: 10, secondPerClass: 5);
        var concat = new ConcatDataView(first, second);

        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMinMax("Pixels"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels", maximumNumberOfIterations: 5));
        var model = pipeline.Fit(concat);
        var scored = model.Transform(concat);
        Assert.Equal(150, scored.GetRowCount());

        var withText = ml.Transforms.Conversion.MapKeyToValue("LabelText", "Label").Fit(scored).Transform(scored);
        var predictions = ml.Data.CreateEnumerable<Prediction>(withText, reuseRowObject: false).ToList();
        Assert.Equal(150, predictions.Count);
        var expectedLabels = Enumerable.Range(0, 100).Select(i => FashionMnist.ClassNames[i % 10])
            .Concat(Enumerable.Range(0, 50).Select(i => FashionMnist.ClassNames[i % 10]));
        Assert.Equal(expectedLabels, predictions.Select(p => p.LabelText));

        // The key mapping was learnt on all 150 rows: 10 classes.
        var keyType = Assert.IsType<KeyDataViewType>(scored.Schema["PredictedLabel"].Type);
        Assert.Equal(10UL, keyType.Count);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MicroAccuracy > 0.5, $"training accuracy {metrics.MicroAccuracy} is implausibly low");
    }
}
