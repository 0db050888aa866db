using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Runs one layer shape's forward and backward passes through a <see cref="ConvolutionPath"/> on small fixed inputs and
/// compares them with <see cref="ReferenceConvolution"/>. Native kernels can be wrong on some CPUs (docs/cpu.md): on
/// AMD Zen 5, oneDNN 3.7's convolutions that sum over a channel count padded to the SIMD block give wrong values or NaN.
/// </summary>
internal static class ConvolutionCheck
{
    /// <summary>Rows per check: odd, because oneDNN splits odd batches over 2 threads with other kernels; small for the reference.</summary>
    public const int Batch = 3;

    /// <summary>
    /// Checks <paramref name="path"/> on <paramref name="shape"/> with <paramref name="batch"/> rows. <paramref name="corrupt"/>
    /// (tests only) alters the native forward output before the comparison, to prove that a fault is caught.
    /// </summary>
    public static ConvolutionCheckResult Run(ConvolutionShape shape, ConvolutionPath path, Action<Tensor>? corrupt = null, int batch = Batch)
    {
        shape.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var random = new SplitMix(0x5EED_C0DEUL);
        float[] x = random.Uniform(batch * shape.InChannels * shape.InputHeight * shape.InputWidth);
        float[] w = random.Uniform((int)shape.WeightShape.Aggregate(1L, (a, d) => a * d));
        float[]? b = shape.Bias ? random.Uniform(shape.OutChannels) : null;
        float[] dy = random.Uniform(batch * shape.OutChannels * shape.OutputHeight * shape.OutputWidth);

        var (y, dx, dw, db) = RunNative(shape, path, batch, x, w, b, dy, corrupt);
        double[] xd = Widen(x), wd = Widen(w), dyd = Widen(dy);
        double[] yRef = ReferenceConvolution.Forward(shape, batch, xd, wd, b is null ? null : Widen(b));
        double[] dxRef = ReferenceConvolution.BackwardData(shape, batch, dyd, wd);
        double[] dwRef = ReferenceConvolution.BackwardWeights(shape, batch, xd, dyd);
        double biasError = db is null ? 0 : RelativeError(db, BiasGradient(shape, dyd));
        return new ConvolutionCheckResult(shape, path, RelativeError(y, yRef), RelativeError(dx, dxRef), RelativeError(dw, dwRef), biasError);
    }

    private static (float[] Y, float[] Dx, float[] Dw, float[]? Db) RunNative(
        ConvolutionShape shape, ConvolutionPath path, int batch, float[] x, float[] w, float[]? b, float[] dy, Action<Tensor>? corrupt)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        Poison(Math.Max(Math.Max(x.Length, dy.Length), w.Length) * 4L);
        var input = tensor(x, [batch, shape.InChannels, shape.InputHeight, shape.InputWidth]).requires_grad_(true);
        var weight = tensor(w, shape.WeightShape).requires_grad_(true);
        var bias = b is null ? null : tensor(b, [shape.OutChannels]).requires_grad_(true);
        var output = ConvolutionKernels.Compute(path, shape, input, weight, bias);
        corrupt?.Invoke(output);
        output.backward([tensor(dy, output.shape)]);
        return (Values(output), Values(input.grad!), Values(weight.grad!), bias is null ? null : Values(bias.grad!));
    }

    /// <summary>
    /// Allocates and frees a NaN-filled block, so that buffers a kernel allocates next may reuse dirty memory: a kernel
    /// that reads memory it never wrote then shows NaN here rather than a lucky zero from a fresh page.
    /// </summary>
    private static void Poison(long floats)
    {
        using var nan = float.NaN.ToScalar();
        using var dirty = full([floats], nan);
    }

    private static float[] Values(Tensor t) => t.detach().contiguous().data<float>().ToArray();

    private static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    private static double[] BiasGradient(ConvolutionShape s, double[] dy)
    {
        var db = new double[s.OutChannels];
        int plane = s.OutputHeight * s.OutputWidth;
        for (int i = 0; i < dy.Length; i++) db[i / plane % s.OutChannels] += dy[i];
        return db;
    }

    /// <summary>max |a − r| / max |r|, or NaN when any value of <paramref name="actual"/> is not finite.</summary>
    private static double RelativeError(float[] actual, double[] reference)
    {
        if (actual.Length != reference.Length) return double.NaN;
        double error = 0, scale = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.NaN;
            error = Math.Max(error, Math.Abs(actual[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        return scale > 0 ? error / scale : error;
    }

    /// <summary>SplitMix64: fixed inputs without torch's random generator, so a check never moves the training draws.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public float[] Uniform(int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                ulong z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                values[i] = (float)((z >> 11) * (1.0 / (1UL << 53)) * 2 - 1);
            }
            return values;
        }
    }
}
