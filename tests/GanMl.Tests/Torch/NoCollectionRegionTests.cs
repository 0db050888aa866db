using System.Runtime;
using GanMl.Torch;
using Xunit;

namespace GanMl.Tests.Torch;

/// <summary>The no-GC region each training step runs in (docs/training.md, section 1).</summary>
public class NoCollectionRegionTests
{
    [Fact]
    public void NoCollectionRunsInsideTheRegionAndTheRegionEndsWithIt()
    {
        int before;
        using (var region = NoCollectionRegion.Start())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            before = GC.CollectionCount(0);
            var garbage = new List<byte[]>();
            for (int i = 0; i < 64; i++) garbage.Add(new byte[16 * 1024]); // 1 MB, well inside the 16 MB budget
            Assert.Equal(before, GC.CollectionCount(0));
            GC.KeepAlive(garbage);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ANestedRegionDoesNotEndItsParent()
    {
        using var outer = NoCollectionRegion.Start();
        using (NoCollectionRegion.Start()) { }
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ARegionThatACollectionEndedDisposesQuietly()
    {
        var region = NoCollectionRegion.Start();
        GC.Collect(); // ends the region, as running over the budget would
        region.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
