using GanMl.Torch;
using Xunit;

namespace GanMl.Tests.Torch;

public class GlibcxxWeakenerTests
{
    private static byte[] LibTorchSharp() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));

    [Fact]
    public void WeakensExactlyTheVersionsTheSystemLacks()
    {
        var bytes = LibTorchSharp();
        var original = (byte[])bytes.Clone();
        var weakened = GlibcxxWeakener.Weaken(bytes, name => name != "GLIBCXX_3.4.30" && name != "GLIBCXX_3.4.29");
        Assert.Equal(["GLIBCXX_3.4.29", "GLIBCXX_3.4.30"], weakened.Order());
        int changed = bytes.Zip(original).Count(p => p.First != p.Second);
        Assert.Equal(2, changed); // one flag byte per version
        Assert.Empty(GlibcxxWeakener.Weaken(bytes, name => name != "GLIBCXX_3.4.30")); // already weak: nothing to do
    }

    [Fact]
    public void LeavesALibraryAloneWhenTheSystemHasEveryVersion()
    {
        var bytes = LibTorchSharp();
        var original = (byte[])bytes.Clone();
        Assert.Empty(GlibcxxWeakener.Weaken(bytes, _ => true));
        Assert.Equal(original, bytes);
    }

    [Fact]
    public void NonElfBytesAreLeftAloneAndBrokenTablesGiveAManagedError()
    {
        Assert.Empty(GlibcxxWeakener.Weaken([1, 2, 3], _ => false));
        var truncated = LibTorchSharp()[..4096];
        Assert.Throws<InvalidDataException>(() => GlibcxxWeakener.Weaken(truncated, _ => false));
    }

    [Fact]
    public void TorchLoadsInTheTestHost()
    {
        TorchRuntime.EnsureLoaded();
        using var t = TorchSharp.torch.ones(3);
        Assert.Equal(3f, t.sum().item<float>());
    }
}
