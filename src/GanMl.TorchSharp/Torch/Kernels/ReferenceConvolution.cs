namespace GanMl.Torch;

/// <summary>
/// Plain managed 2-D convolution in double precision, the reference the kernel check compares native kernels with. It
/// shares no code with libtorch, oneDNN or MKL. Arrays are row-major NCHW; weights as in <see cref="ConvolutionShape.WeightShape"/>.
/// A transposed convolution is the adjoint of a convolution, so the forward and backward-data passes of both kinds are
/// one gather loop and its adjoint scatter loop; backward-weights is one correlation loop.
/// </summary>
internal static class ReferenceConvolution
{
    /// <summary>Forward pass: y = conv(x, w) + b, or the transposed convolution.</summary>
    public static double[] Forward(ConvolutionShape s, int batch, double[] x, double[] w, double[]? b)
    {
        var (input, output) = Planes(s);
        var y = new double[(long)batch * output.Size];
        if (s.Transposed) Scatter(s, batch, input, x, output, y, w);
        else Gather(s, batch, input, x, output, y, w);
        if (b is not null)
        {
            int plane = output.Height * output.Width;
            for (int n = 0; n < batch; n++)
            for (int o = 0; o < s.OutChannels; o++)
                for (int p = 0; p < plane; p++) y[((long)n * s.OutChannels + o) * plane + p] += b[o];
        }
        return y;
    }

    /// <summary>Gradient of the input for the output gradient <paramref name="dy"/>.</summary>
    public static double[] BackwardData(ConvolutionShape s, int batch, double[] dy, double[] w)
    {
        var (input, output) = Planes(s);
        var dx = new double[(long)batch * input.Size];
        // The adjoint of a convolution (a gather) scatters, and the other way round.
        if (s.Transposed) Gather(s, batch, output, dy, input, dx, w);
        else Scatter(s, batch, output, dy, input, dx, w);
        return dx;
    }

    /// <summary>Gradient of the weight for input <paramref name="x"/> and output gradient <paramref name="dy"/>.</summary>
    public static double[] BackwardWeights(ConvolutionShape s, int batch, double[] x, double[] dy)
    {
        var (input, output) = Planes(s);
        // Convolution: dw[o, c, i, j] = Σ dy[n, o, p, q] · x[n, c, p·s − pad + i, q·s − pad + j].
        // Transposed: dw[c, o, i, j] = Σ x[n, c, p, q] · dy[n, o, p·s − pad + i, q·s − pad + j]: the same sum, x and dy swapped.
        var (small, smallPlane, large, largePlane) = s.Transposed ? (x, input, dy, output) : (dy, output, x, input);
        int k = s.Kernel;
        var dw = new double[(long)smallPlane.Channels * largePlane.Channels * k * k];
        // One task per weight plane (a, c): each writes only its own k×k values.
        Parallel.For(0, smallPlane.Channels * largePlane.Channels, ac =>
        {
            int a = ac / largePlane.Channels, c = ac % largePlane.Channels;
            for (int n = 0; n < batch; n++)
            for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int p = 0; p < smallPlane.Height; p++)
                {
                    int h = p * s.Stride - s.Padding + i;
                    if (h < 0 || h >= largePlane.Height) continue;
                    for (int q = 0; q < smallPlane.Width; q++)
                    {
                        int v = q * s.Stride - s.Padding + j;
                        if (v < 0 || v >= largePlane.Width) continue;
                        sum += small[smallPlane.Index(n, a, p, q)] * large[largePlane.Index(n, c, h, v)];
                    }
                }
                dw[((long)ac * k + i) * k + j] += sum;
            }
        });
        return dw;
    }

    /// <summary>Channels and spatial size of one side of the layer, with its NCHW index.</summary>
    private readonly record struct Plane(int Channels, int Height, int Width)
    {
        public long Size => (long)Channels * Height * Width;
        public long Index(int n, int c, int h, int w) => (((long)n * Channels + c) * Height + h) * Width + w;
    }

    private static (Plane Input, Plane Output) Planes(ConvolutionShape s) =>
        (new Plane(s.InChannels, s.InputHeight, s.InputWidth), new Plane(s.OutChannels, s.OutputHeight, s.OutputWidth));

    /// <summary>
    /// to[n, b, p, q] += Σ from[n, a, p·s − pad + i, q·s − pad + j] · w[b, a, i, j]: a convolution's forward pass (w is
    /// [out, in]) and a transposed convolution's backward-data pass (w is [in, out], and "to" is its input).
    /// </summary>
    private static void Gather(ConvolutionShape s, int batch, Plane fromPlane, double[] from, Plane toPlane, double[] to, double[] w) =>
        // One task per output plane (n, b): each writes only its own values.
        Parallel.For(0, batch * toPlane.Channels, nb =>
        {
            int n = nb / toPlane.Channels, b = nb % toPlane.Channels, k = s.Kernel;
            for (int p = 0; p < toPlane.Height; p++)
            for (int q = 0; q < toPlane.Width; q++)
            {
                double sum = 0;
                for (int a = 0; a < fromPlane.Channels; a++)
                for (int i = 0; i < k; i++)
                {
                    int h = p * s.Stride - s.Padding + i;
                    if (h < 0 || h >= fromPlane.Height) continue;
                    for (int j = 0; j < k; j++)
                    {
                        int v = q * s.Stride - s.Padding + j;
                        if (v < 0 || v >= fromPlane.Width) continue;
                        sum += from[fromPlane.Index(n, a, h, v)] * w[(((long)b * fromPlane.Channels + a) * k + i) * k + j];
                    }
                }
                to[toPlane.Index(n, b, p, q)] += sum;
            }
        });

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: to[n, b, p·s − pad + i, q·s − pad + j] += from[n, a, p, q] · w[a, b, i, j]. A
    /// transposed convolution's forward pass (w is [in, out]) and a convolution's backward-data pass (w is [out, in]).
    /// </summary>
    private static void Scatter(ConvolutionShape s, int batch, Plane fromPlane, double[] from, Plane toPlane, double[] to, double[] w) =>
        // One task per output plane (n, b), as in Gather.
        Parallel.For(0, batch * toPlane.Channels, nb =>
        {
            int n = nb / toPlane.Channels, b = nb % toPlane.Channels, k = s.Kernel;
            for (int a = 0; a < fromPlane.Channels; a++)
            for (int p = 0; p < fromPlane.Height; p++)
            for (int q = 0; q < fromPlane.Width; q++)
            {
                double value = from[fromPlane.Index(n, a, p, q)];
                for (int i = 0; i < k; i++)
                {
                    int h = p * s.Stride - s.Padding + i;
                    if (h < 0 || h >= toPlane.Height) continue;
                    for (int j = 0; j < k; j++)
                    {
                        int v = q * s.Stride - s.Padding + j;
                        if (v < 0 || v >= toPlane.Width) continue;
                        to[toPlane.Index(n, b, h, v)] += value * w[(((long)a * toPlane.Channels + b) * k + i) * k + j];
                    }
                }
            }
        });
}
