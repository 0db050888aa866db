using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// Runs every convolution layer of GanMl's networks on a path that passed <see cref="ConvolutionCheck"/> on this machine.
/// The first time a layer shape is seen in the process, libtorch's own kernels (oneDNN) are checked on it when its
/// channel counts fill oneDNN's SIMD blocks; when they fail, or the channels do not fill the blocks, the im2col + GEMM
/// path is checked and used for that shape only; when that fails too, the layer throws rather than compute wrong numbers. Decisions are cached for
/// the process, so each shape's check is paid once (per torch thread
/// count and deterministic-oneDNN setting, which may change the kernels oneDNN picks).
/// </summary>
internal static class ConvolutionKernels
{
    private static readonly ConcurrentDictionary<(ConvolutionShape, int Threads, bool? Deterministic), Lazy<ConvolutionDecision>> Decisions = new();
    private static readonly ConcurrentDictionary<(ConvolutionShape, ConvolutionPath), bool> InjectedFaults = new();
    private static long _checkTicks;

    /// <summary>
    /// Benchmarks only: runs every layer on this path, unchecked (null: the checked decisions). Timing libtorch's own
    /// kernels this way shows what the check's choices cost; on a CPU where they are faulty the numbers are wrong.
    /// </summary>
    internal static ConvolutionPath? ForcedPath { get; set; }

    /// <summary>Total time spent checking kernels in this process.</summary>
    public static TimeSpan CheckTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _checkTicks));

    /// <summary>The decisions for <paramref name="shapes"/>, checking the ones not seen before. Throws when a shape has no passing path.</summary>
    public static IReadOnlyList<ConvolutionDecision> Verify(IEnumerable<ConvolutionShape> shapes) => shapes.Distinct().Select(Decide).ToList();

    /// <summary>The decision for one shape, checked on first use.</summary>
    public static ConvolutionDecision Decide(ConvolutionShape shape) =>
        Decisions.GetOrAdd((shape, torch.get_num_threads(), DeterministicOneDnn.IsOn()),
            key => new Lazy<ConvolutionDecision>(() => Check(key.Item1), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>
    /// Tests only: makes the check of <paramref name="path"/> on <paramref name="shape"/> see a corrupted forward output,
    /// as a faulty kernel would give. Takes effect for shapes not decided yet.
    /// </summary>
    internal static void InjectFault(ConvolutionShape shape, ConvolutionPath path) => InjectedFaults[(shape, path)] = true;

    /// <summary>Runs one layer module on <paramref name="x"/> through its shape's checked path.</summary>
    public static Tensor Forward(Convolution layer, Tensor x)
    {
        var shape = ShapeOf(layer, x);
        return Compute(ForcedPath ?? Decide(shape).Path, shape, x, layer.weight, layer.bias);
    }

    /// <summary>
    /// Runs a convolution given by its tensors (weight [out, in, k, k], or [in, out, k, k] when <paramref name="transposed"/>)
    /// through its shape's checked path: for layers that compute their weight, such as weight-normalised ones.
    /// </summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias, int stride, int padding, bool transposed = false)
    {
        if (x.dim() != 4 || weight.dim() != 4 || weight.shape[2] != weight.shape[3])
            throw new ArgumentException($"Expected [N, C, H, W] input and a square 4-D weight, got {x.dim()} and {weight.dim()} dimensions.");
        long a = weight.shape[0], b = weight.shape[1];
        var shape = new ConvolutionShape(transposed, (int)(transposed ? a : b), (int)(transposed ? b : a), (int)weight.shape[2], stride, padding,
            (int)x.shape[2], (int)x.shape[3], bias is not null);
        return Compute(ForcedPath ?? Decide(shape).Path, shape, x, weight, bias);
    }

    /// <summary>Runs a sequence of layers, sending each convolution through <see cref="Forward(Convolution, Tensor)"/>.</summary>
    public static Tensor Forward(Sequential body, Tensor x)
    {
        var current = x;
        foreach (var child in body.children())
        {
            var next = child switch
            {
                Convolution conv => Forward(conv, current),
                nn.Module<Tensor, Tensor> layer => layer.forward(current),
                _ => throw new NotSupportedException($"Layer {child.GetType().Name} is not a tensor-to-tensor module."),
            };
            if (!ReferenceEquals(current, x) && next.Handle != current.Handle) current.Dispose();
            current = next;
        }
        return ReferenceEquals(current, x) ? x.alias() : current;
    }

    /// <summary>The shapes of the convolutions in <paramref name="body"/> for inputs of the given size, in order.</summary>
    public static IEnumerable<ConvolutionShape> ShapesOf(Sequential body, int height, int width)
    {
        foreach (var child in body.children())
        {
            if (child is not Convolution conv) continue;
            var shape = ShapeOf(conv, height, width);
            yield return shape;
            (height, width) = (shape.OutputHeight, shape.OutputWidth);
        }
    }

    /// <summary>The shape of <paramref name="layer"/> on inputs of the given size; throws for layers the check does not cover.</summary>
    public static ConvolutionShape ShapeOf(Convolution layer, int height, int width)
    {
        if (layer.kernel_size.Length != 2 || layer.kernel_size[0] != layer.kernel_size[1] || layer.stride.Distinct().Count() != 1
            || layer.padding is not { Length: 2 } padding || padding[0] != padding[1] || layer.groups != 1 || layer.dilation.Any(d => d != 1)
            || layer.output_padding.Any(p => p != 0) || layer.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new NotSupportedException("GanMl checks 2-D convolutions with square kernels, equal strides and zero padding, one group, no dilation and no output padding.");
        return new ConvolutionShape(layer.transposed, (int)layer.in_channels, (int)layer.out_channels, (int)layer.kernel_size[0], (int)layer.stride[0],
            (int)padding[0], height, width, layer.bias is not null);
    }

    /// <summary>Computes the layer on <paramref name="path"/>; both paths compute the same function.</summary>
    internal static Tensor Compute(ConvolutionPath path, ConvolutionShape shape, Tensor x, Tensor weight, Tensor? bias) => (path, shape.Transposed) switch
    {
        (ConvolutionPath.LibTorch, false) => F.conv2d(x, weight, bias, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding]),
        (ConvolutionPath.LibTorch, true) => F.conv_transpose2d(x, weight, bias, strides: [shape.Stride, shape.Stride], padding: [shape.Padding, shape.Padding]),
        (ConvolutionPath.Im2ColGemm, false) => Im2ColConvolution.Conv2d(x, weight, bias, shape.Stride, shape.Padding),
        (ConvolutionPath.Im2ColGemm, true) => Im2ColConvolution.ConvTranspose2d(x, weight, bias, shape.Stride, shape.Padding),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown convolution path."),
    };

    private static ConvolutionShape ShapeOf(Convolution layer, Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException($"A convolution layer expects [N, C, H, W] input, got {x.dim()} dimensions.", nameof(x));
        return ShapeOf(layer, (int)x.shape[2], (int)x.shape[3]);
    }

    private static ConvolutionDecision Check(ConvolutionShape shape)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            // oneDNN picks its kernel by batch size and thread count too, so a check cannot cover every kernel a layer
            // will meet: layers whose channels pad a SIMD block, where all the faults were, never run on oneDNN.
            ConvolutionCheckResult? native = null;
            if (shape.FillsSimdBlocks)
            {
                native = RunCheck(shape, ConvolutionPath.LibTorch);
                if (native.Passed) return new ConvolutionDecision(shape, ConvolutionPath.LibTorch, native, native);
            }
            var fallback = RunCheck(shape, ConvolutionPath.Im2ColGemm);
            var decision = new ConvolutionDecision(shape, ConvolutionPath.Im2ColGemm, fallback, native);
            if (fallback.Passed) return decision;
            throw new InvalidOperationException(
                $"No convolution path computes {shape} correctly on this CPU ({CpuDescription.Current}): {decision.Reason}, " +
                $"and im2col + GEMM gave {fallback.Failures}, against a managed reference. GanMl stops rather than train or generate on wrong numbers; see docs/cpu.md.");
        }
        finally
        {
            Interlocked.Add(ref _checkTicks, Stopwatch.GetTimestamp() - start);
        }
    }

    private static ConvolutionCheckResult RunCheck(ConvolutionShape shape, ConvolutionPath path) =>
        ConvolutionCheck.Run(shape, path, InjectedFaults.ContainsKey((shape, path)) ? Corrupt : null);

    private static void Corrupt(Tensor output)
    {
        using var noGrad = no_grad();
        using var nan = float.NaN.ToScalar();
        output.view(-1)[0].fill_(nan);
    }
}
