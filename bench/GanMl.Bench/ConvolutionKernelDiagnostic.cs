using System.Globalization;
using GanMl;
using GanMl.Torch;
using TorchSharp;

/// <summary>
/// `kernels --check`: the minimal reproduction of issue 16. Runs forward, backward-data and backward-weights of every
/// convolution layer shape of GanMl's default DCGANs (and a sweep of channel counts) through libtorch's own kernels and
/// through im2col + GEMM, at several batch sizes and torch thread counts, against the managed double reference, and
/// prints each failure. Set ONEDNN_VERBOSE=1 to see which oneDNN implementation ran for a failing line.
/// </summary>
internal static class ConvolutionKernelDiagnostic
{
    public static int Run(int[] batches, int[] threads, int repeats)
    {
        TorchRuntime.EnsureLoaded();
        var shapes = DcganShapes().Concat(ChannelSweep()).Distinct().ToList();
        Console.WriteLine($"CPU: {CpuDescription.Current}; {shapes.Count} layer shapes × batches {string.Join(",", batches)} × threads {string.Join(",", threads)} × {repeats} repeats");
        int checks = 0, failures = 0, paddedFailures = 0, fallbackFailures = 0;
        foreach (int t in threads)
        {
            torch.set_num_threads(t);
            foreach (var shape in shapes)
            foreach (int batch in batches)
            for (int r = 0; r < repeats; r++)
            {
                var native = ConvolutionCheck.Run(shape, ConvolutionPath.LibTorch, batch: batch);
                var fallback = ConvolutionCheck.Run(shape, ConvolutionPath.Im2ColGemm, batch: batch);
                checks++;
                if (!fallback.Passed) fallbackFailures++;
                if (native.Passed && fallback.Passed) continue;
                if (!native.Passed) { failures++; if (!shape.FillsSimdBlocks) paddedFailures++; }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FAIL {shape,-40} batch {batch,3} threads {t}: libtorch {(native.Passed ? "ok" : native.Failures)}; im2col {(fallback.Passed ? "ok" : fallback.Failures)}"));
            }
        }
        Console.WriteLine($"{checks} checks: libtorch failed {failures} ({paddedFailures} on shapes whose channel counts are not multiples of 32, " +
            $"which GanMl never runs on libtorch); im2col + GEMM failed {fallbackFailures}.");
        return failures - paddedFailures + fallbackFailures == 0 ? 0 : 1;
    }

    /// <summary>The layers of the default DCGANs: 28, 32 and 64 pixels, 1 or 3 channels, 32 or 64 base channels, with and without labels.</summary>
    private static IEnumerable<ConvolutionShape> DcganShapes()
    {
        foreach (int side in new[] { 28, 32, 64 })
        foreach (int channels in new[] { 1, 3 })
        foreach (int baseChannels in new[] { 32, 64 })
        foreach (int classes in new[] { 0, 10 })
        {
            var spec = new GanNetworkSpec { Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(channels, side, side), FeatureSize = channels * side * side, DcganBaseChannels = baseChannels, ClassCount = classes };
            using var generator = GanNetworkFactory.CreateGenerator(spec, 1);
            using var discriminator = GanNetworkFactory.CreateDiscriminator(spec);
            foreach (var shape in generator.ConvolutionShapes.Concat(discriminator.ConvolutionShapes)) yield return shape;
        }
    }

    /// <summary>A 4×4 stride-2 convolution and transposed convolution on 14×14 / 7×7 for channel counts around the SIMD blocks.</summary>
    private static IEnumerable<ConvolutionShape> ChannelSweep()
    {
        foreach (int c in new[] { 1, 3, 4, 8, 11, 12, 16, 17, 24, 32, 48 })
        {
            yield return new ConvolutionShape(false, c, 32, 4, 2, 1, 14, 14, false);
            yield return new ConvolutionShape(false, 32, c, 4, 2, 1, 14, 14, false);
            yield return new ConvolutionShape(true, c, 32, 4, 2, 1, 7, 7, false);
            yield return new ConvolutionShape(true, 32, c, 4, 2, 1, 7, 7, false);
        }
    }
}
