using GanMl.Examples;
using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Imaging;

public class IdxDataLoaderTests
{
    public sealed class PixelRow
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = string.Empty;
    }

    [Fact]
    public void LoadsStratifiedSubsetWithSchemaAndValues()
    {
        var ml = new MLContext(seed: 1);
        var data = IdxDataLoader.Load(ml, TestPaths.TrainImages, TestPaths.TrainLabels, new IdxLoadOptions { MaxRowsPerClass = 3 });

        var pixels = data.Schema["Pixels"];
        var vt = Assert.IsType<VectorDataViewType>(pixels.Type);
        Assert.Equal(NumberDataViewType.Single, vt.ItemType);
        Assert.Equal(784, vt.Size);
        Assert.IsType<TextDataViewType>(data.Schema["Label"].Type);
        Assert.Equal(30, data.GetRowCount());

        var rows = ml.Data.CreateEnumerable<PixelRow>(data, reuseRowObject: false).ToList();
        Assert.Equal(30, rows.Count);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(FashionMnist.ClassNames[i % 10], rows[i].Label);
        Assert.Equal(84598.0, rows[0].Pixels.Sum(p => (double)p));
        Assert.Equal(52118.0, rows[1].Pixels.Sum(p => (double)p));
        Assert.Equal(204f, rows[0].Pixels[14 * 28 + 14]);
        Assert.Equal(50f, rows[1].Pixels[400]);
        Assert.All(rows.SelectMany(r => r.Pixels), p => Assert.InRange(p, 0f, 255f));
    }

    [Fact]
    public void CatalogExtensionMnistNamesAndScale()
    {
        var ml = new MLContext(seed: 1);
        var simple = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels);
        Assert.Equal(1000, simple.GetRowCount());

        var data = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels, new IdxLoadOptions
        {
            ClassNames = Mnist.ClassNames,
            MaxRows = 12,
            Scale = 1f / 255f,
        });
        var rows = ml.Data.CreateEnumerable<PixelRow>(data, reuseRowObject: false).ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal(new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1" }, rows.Select(r => r.Label));
        Assert.Equal(83873.0 / 255.0, rows[0].Pixels.Sum(p => (double)p), 3);
        Assert.All(rows.SelectMany(r => r.Pixels), p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void TooFewClassNamesThrow()
    {
        var ml = new MLContext(seed: 1);
        var ex = Assert.Throws<InvalidDataException>(() => IdxDataLoader.Load(ml, TestPaths.TestImages, TestPaths.TestLabels,
            new IdxLoadOptions { ClassNames = new[] { "a", "b" } }));
        Assert.Contains("label 2", ex.Message);
    }

    [Fact]
    public void FashionMnistSubsetLocatesAndLoadsBothSplits()
    {
        var folder = FashionMnistSubset.FindFolder();
        Assert.True(File.Exists(Path.Combine(folder, "README.md")));
        var ml = new MLContext(seed: 1);
        Assert.Equal(5000, FashionMnistSubset.Load(ml, train: true).GetRowCount());
        Assert.Equal(1000, FashionMnistSubset.Load(ml, train: false).GetRowCount());
    }
}
