using System.Reflection;
using Microsoft.ML;
using Xunit;

namespace GanMl.Tests;

/// <summary>
/// The two packages, layered as ML.NET's Microsoft.ML and Microsoft.ML.TorchSharp: GanMl (the core: FID and the other
/// metrics, imaging, labels and schemas, generation from ONNX) references no TorchSharp; GanMl.TorchSharp (training)
/// builds on it. Both keep the namespaces GanMl and Microsoft.ML, so user code only changes its package reference.
/// </summary>
public class AssemblyLayeringTests
{
    private static readonly Assembly Core = typeof(OnnxGenerator).Assembly;
    private static readonly Assembly Training = typeof(GanEstimator).Assembly;

    [Fact]
    public void TheCoreAssemblyReferencesNoTorchSharpAssembly()
    {
        Assert.Equal("GanMl", Core.GetName().Name);
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
            || n.Contains("libtorch", StringComparison.OrdinalIgnoreCase) || n.StartsWith("GanMl", StringComparison.Ordinal));
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.Contains("Microsoft.ML.Data", references);
    }

    [Fact]
    public void GanMlTorchSharpReferencesTheCoreAndTorchSharp()
    {
        Assert.Equal("GanMl.TorchSharp", Training.GetName().Name);
        var references = Training.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("GanMl", references);
        Assert.Contains("TorchSharp", references);
    }

    [Fact]
    public void EachTypeIsInTheAssemblyThatCanHoldIt()
    {
        // Torch-free: metrics, imaging, labels and schemas, ONNX generation and the featurizer of a trained classifier.
        Assert.All(new[] { typeof(FidEstimator), typeof(GanMl.Metrics.FrechetDistance), typeof(GanMl.Imaging.PngWriter), typeof(ImageShape), typeof(ValueRange),
            typeof(GanLabel), typeof(GanEpochRecord), typeof(SemiSupervisedGanModel), typeof(FidCatalog), typeof(DiscriminatorFeaturesCatalog),
            typeof(IdxCatalogExtensions) }, t => Assert.Same(Core, t.Assembly));
        // Trained with TorchSharp.
        Assert.All(new[] { typeof(GanOptions), typeof(GanTransformer), typeof(GanAugmentationEstimator<>), typeof(SemiSupervisedGanTrainer),
            typeof(GanCatalog), typeof(SemiSupervisedGanCatalog), typeof(GanAugmentationCatalog), typeof(GanEvaluationCatalog) }, t => Assert.Same(Training, t.Assembly));
        // The namespaces are the same in both, so moving a type between them needs no change in user code.
        Assert.Equal(["GanMl", "GanMl.Imaging", "GanMl.Metrics", "Microsoft.ML"], Core.GetExportedTypes().Select(t => t.Namespace!).Distinct().Order());
        Assert.Equal(["GanMl", "Microsoft.ML"], Training.GetExportedTypes().Select(t => t.Namespace!).Distinct().Order());
    }
}
