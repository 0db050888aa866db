namespace GanMl.Metrics;

/// <summary>Full-reference image quality metrics on images stored as float arrays in C x H x W (planar) order.</summary>
public static class ImageQuality
{
    /// <summary>Peak signal-to-noise ratio 10 log10(R^2 / MSE) in dB; <see cref="double.PositiveInfinity"/> for identical images.</summary>
    /// <param name="reference">Reference image, C x H x W.</param>
    /// <param name="test">Test image with the same length.</param>
    /// <param name="dataRange">Range R of the pixel values (1 for [0, 1], 255 for bytes, 2 for [-1, 1]).</param>
    public static double Psnr(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, double dataRange)
    {
        if (reference.Length != test.Length)
            throw new ArgumentException($"The images differ in size: {reference.Length} vs {test.Length} values.", nameof(test));
        if (reference.Length == 0) throw new ArgumentException("The images are empty.", nameof(reference));
        if (!(dataRange > 0) || !double.IsFinite(dataRange)) throw new ArgumentOutOfRangeException(nameof(dataRange), dataRange, "The data range must be a positive number.");
        double se = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double t = (double)reference[i] - test[i];
            se += t * t;
        }
        if (double.IsNaN(se)) throw new ArgumentException("The images contain NaN values.");
        double mse = se / reference.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>
    /// Structural similarity (Wang, Bovik, Sheikh &amp; Simoncelli 2004): 11x11 Gaussian window with sigma 1.5,
    /// K1 = 0.01, K2 = 0.03, computed per channel over the valid window positions and averaged.
    /// </summary>
    /// <param name="reference">Reference image, C x H x W.</param>
    /// <param name="test">Test image, C x H x W.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H (at least 11).</param>
    /// <param name="width">W (at least 11).</param>
    /// <param name="dataRange">Range L of the pixel values (1 for [0, 1], 255 for bytes).</param>
    public static double Ssim(ReadOnlySpan<float> reference, ReadOnlySpan<float> test, int channels, int height, int width, double dataRange)
    {
        const int win = 11;
        const double sigma = 1.5, k1 = 0.01, k2 = 0.03;
        if (channels < 1 || height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(channels), "Channels, height and width must be positive.");
        long expected = (long)channels * height * width;
        if (reference.Length != expected) throw new ArgumentException($"The reference has {reference.Length} values; {channels}x{height}x{width} needs {expected}.", nameof(reference));
        if (test.Length != expected) throw new ArgumentException($"The test image has {test.Length} values; {channels}x{height}x{width} needs {expected}.", nameof(test));
        if (height < win || width < win) throw new ArgumentException($"SSIM with an {win}x{win} window needs images of at least {win}x{win}; got {height}x{width}.");
        if (!(dataRange > 0) || !double.IsFinite(dataRange)) throw new ArgumentOutOfRangeException(nameof(dataRange), dataRange, "The data range must be a positive number.");

        var g = new double[win];
        double gs = 0;
        for (int i = 0; i < win; i++) { double u = i - win / 2; g[i] = Math.Exp(-u * u / (2 * sigma * sigma)); gs += g[i]; }
        for (int i = 0; i < win; i++) g[i] /= gs;
        double c1 = (k1 * dataRange) * (k1 * dataRange), c2 = (k2 * dataRange) * (k2 * dataRange);
        int oh = height - win + 1, ow = width - win + 1;
        int plane = height * width;
        double total = 0;
        var x = new double[plane];
        var y = new double[plane];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane; i++) { x[i] = reference[c * plane + i]; y[i] = test[c * plane + i]; }
            var mx = Filter(x, height, width, g);
            var my = Filter(y, height, width, g);
            var xx = new double[plane]; var yy = new double[plane]; var xy = new double[plane];
            for (int i = 0; i < plane; i++) { xx[i] = x[i] * x[i]; yy[i] = y[i] * y[i]; xy[i] = x[i] * y[i]; }
            var sxx = Filter(xx, height, width, g);
            var syy = Filter(yy, height, width, g);
            var sxy = Filter(xy, height, width, g);
            double sum = 0;
            for (int i = 0; i < oh * ow; i++)
            {
                double ux = mx[i], uy = my[i];
                double vx = sxx[i] - ux * ux, vy = syy[i] - uy * uy, cxy = sxy[i] - ux * uy;
                sum += (2 * ux * uy + c1) * (2 * cxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
            }
            total += sum / (oh * ow);
        }
        double ssim = total / channels;
        if (double.IsNaN(ssim)) throw new ArgumentException("The images contain NaN values.");
        return ssim;
    }

    /// <summary>Separable 'valid' Gaussian filtering: output (h - 10) x (w - 10).</summary>
    private static double[] Filter(double[] img, int h, int w, double[] g)
    {
        int k = g.Length, ow = w - k + 1, oh = h - k + 1;
        var tmp = new double[h * ow];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < ow; c++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += g[t] * img[r * w + c + t];
                tmp[r * ow + c] = s;
            }
        var o = new double[oh * ow];
        for (int r = 0; r < oh; r++)
            for (int c = 0; c < ow; c++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += g[t] * tmp[(r + t) * ow + c];
                o[r * ow + c] = s;
            }
        return o;
    }
}
