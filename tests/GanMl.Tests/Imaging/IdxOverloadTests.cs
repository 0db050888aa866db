using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Imaging;

public class IdxOverloadTests
{
    [Fact]
    public void LoadFromIdxWithNullOptionsCompilesAndUsesTheDefaults()
    {
        var ml = new MLContext(seed: 1);
        // Ambiguous (CS0121) while the row cap was an int?: null fitted both overloads.
        var withNull = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels, null);
        var plain = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels);
        var capped = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels, maxRowsPerClass: 2);
        var options = ml.Data.LoadFromIdx(TestPaths.TestImages, TestPaths.TestLabels, new IdxLoadOptions { MaxRows = 5 });
        Assert.Equal(plain.GetRowCount(), withNull.GetRowCount());
        Assert.Equal(1000, withNull.GetRowCount());
        Assert.Equal(20, capped.GetRowCount());
        Assert.Equal(5, options.GetRowCount());
        Assert.Equal(plain.GetColumn<string>("Label").Take(30), withNull.GetColumn<string>("Label").Take(30));
    }
}
