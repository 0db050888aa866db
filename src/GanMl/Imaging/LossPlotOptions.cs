namespace GanMl.Imaging;

/// <summary>Options for <see cref="LossPlot.Save"/>.</summary>
public sealed class LossPlotOptions
{
    /// <summary>Gets or sets the plot title. Default "GAN training loss".</summary>
    public string Title { get; set; } = "GAN training loss";

    /// <summary>Gets or sets the x-axis title. Default "Epoch".</summary>
    public string XAxisTitle { get; set; } = "Epoch";

    /// <summary>Gets or sets the y-axis title of the loss series. Default "Loss".</summary>
    public string YAxisTitle { get; set; } = "Loss";

    /// <summary>
    /// Gets or sets the x values (step or epoch numbers), one per loss value. <see langword="null"/> uses 1, 2, 3, ….
    /// </summary>
    public IReadOnlyList<double>? X { get; set; }

    /// <summary>
    /// Gets or sets extra series (e.g. "D(x)", "D(G(z))") drawn against a secondary y axis on the right; each needs one value per x.
    /// </summary>
    public IDictionary<string, IReadOnlyList<double>> ExtraSeries { get; set; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Gets or sets the title of the secondary y axis used by <see cref="ExtraSeries"/>. Default "Probability".</summary>
    public string ExtraAxisTitle { get; set; } = "Probability";

    /// <summary>Gets or sets the image width in pixels. Default 800.</summary>
    public int Width { get; set; } = 800;

    /// <summary>Gets or sets the image height in pixels. Default 500.</summary>
    public int Height { get; set; } = 500;

    /// <summary>
    /// Gets or sets the font family. Default "DejaVu Sans"; if the font is missing SkiaSharp falls back to its default typeface
    /// (text shaping with HarfBuzz is switched off, so no native HarfBuzz library is needed).
    /// </summary>
    public string FontFamily { get; set; } = "DejaVu Sans";
}
