using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

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

/// <summary>Plots GAN training losses to a PNG file with OxyPlot and SkiaSharp (headless).</summary>
public static class LossPlot
{
    /// <summary>
    /// Saves a line plot of the discriminator and generator losses (and optional extra series) as a PNG file.
    /// The file is written to a temporary file and renamed, so an existing plot is never destroyed by a failed write.
    /// </summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="discriminatorLoss">The discriminator loss per step or epoch.</param>
    /// <param name="generatorLoss">The generator loss per step or epoch; same length as <paramref name="discriminatorLoss"/>.</param>
    /// <param name="options">Plot options; <see langword="null"/> for the defaults.</param>
    public static void Save(string path, IReadOnlyList<double> discriminatorLoss, IReadOnlyList<double> generatorLoss, LossPlotOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LossPlotOptions();
        Export(path, CreateModel(discriminatorLoss, generatorLoss, options), options.Width, options.Height);
    }

    /// <summary>Renders a plot to PNG through a temporary file (no text shaping: Linux has no HarfBuzz native library here).</summary>
    internal static void Export(string path, PlotModel model, int width, int height)
    {
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height, UseTextShaping = false };
        GanMl.IO.AtomicFile.Write(path, stream => exporter.Export(model, stream));
    }

    /// <summary>Builds the OxyPlot model that <see cref="Save"/> renders (for callers that want to export it themselves).</summary>
    /// <param name="discriminatorLoss">The discriminator loss per step or epoch.</param>
    /// <param name="generatorLoss">The generator loss per step or epoch.</param>
    /// <param name="options">Plot options.</param>
    /// <returns>The plot model.</returns>
    internal static PlotModel CreateModel(IReadOnlyList<double> discriminatorLoss, IReadOnlyList<double> generatorLoss, LossPlotOptions options)
    {
        ArgumentNullException.ThrowIfNull(discriminatorLoss);
        ArgumentNullException.ThrowIfNull(generatorLoss);
        ArgumentNullException.ThrowIfNull(options);
        if (discriminatorLoss.Count == 0)
            throw new ArgumentException("There are no loss values to plot.", nameof(discriminatorLoss));
        if (generatorLoss.Count != discriminatorLoss.Count)
            throw new ArgumentException(
                $"The generator loss has {generatorLoss.Count} values but the discriminator loss has {discriminatorLoss.Count}; they must match.", nameof(generatorLoss));
        if (options.Width <= 0 || options.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"The plot size {options.Width}x{options.Height} must be positive.");
        int n = discriminatorLoss.Count;
        if (options.X is not null && options.X.Count != n)
            throw new ArgumentException($"LossPlotOptions.X has {options.X.Count} values but there are {n} loss values.", nameof(options));
        var extra = options.ExtraSeries ?? new Dictionary<string, IReadOnlyList<double>>();
        foreach (var (name, values) in extra)
        {
            if (values is null || values.Count != n)
                throw new ArgumentException($"Extra series '{name}' has {values?.Count ?? 0} values but there are {n} loss values.", nameof(options));
        }

        var model = new PlotModel
        {
            Title = options.Title,
            Background = OxyColors.White,
            DefaultFont = options.FontFamily,
            TitleFont = options.FontFamily,
        };
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomCenter,
            LegendPlacement = LegendPlacement.Outside,
            LegendOrientation = LegendOrientation.Horizontal,
            LegendFont = options.FontFamily,
        });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = options.XAxisTitle, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = options.YAxisTitle, Key = "loss", MajorGridlineStyle = LineStyle.Dot });
        if (extra.Count > 0)
            model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = options.ExtraAxisTitle, Key = "extra" });

        double X(int i) => options.X is null ? i + 1 : options.X[i];
        LineSeries Make(string title, IReadOnlyList<double> values, string axisKey, OxyColor color, LineStyle style)
        {
            var s = new LineSeries { Title = title, YAxisKey = axisKey, Color = color, StrokeThickness = 2, LineStyle = style };
            for (int i = 0; i < values.Count; i++)
            {
                if (double.IsFinite(values[i]))
                    s.Points.Add(new DataPoint(X(i), values[i]));
            }
            return s;
        }

        model.Series.Add(Make("Discriminator", discriminatorLoss, "loss", OxyColor.FromRgb(0x1f, 0x77, 0xb4), LineStyle.Solid));
        model.Series.Add(Make("Generator", generatorLoss, "loss", OxyColor.FromRgb(0xff, 0x7f, 0x0e), LineStyle.Solid));
        var palette = new[] { OxyColor.FromRgb(0x2c, 0xa0, 0x2c), OxyColor.FromRgb(0xd6, 0x27, 0x28), OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0x8c, 0x56, 0x4b) };
        int k = 0;
        foreach (var (name, values) in extra)
            model.Series.Add(Make(name, values, "extra", palette[k++ % palette.Length], LineStyle.Dash));
        return model;
    }
}

/// <summary>A PNG line plot of one metric (for example FID) against epochs.</summary>
public static class MetricPlot
{
    /// <summary>Saves <paramref name="values"/> against <paramref name="x"/> as a line plot with markers.</summary>
    /// <param name="path">The PNG file to write (atomically).</param>
    /// <param name="x">The x values (e.g. epochs).</param>
    /// <param name="values">The metric values; same length as <paramref name="x"/>.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="valueTitle">Y axis title.</param>
    /// <param name="xTitle">X axis title.</param>
    public static void Save(string path, IReadOnlyList<double> x, IReadOnlyList<double> values, string title, string valueTitle, string xTitle = "Epoch")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 || values.Count != x.Count)
            throw new ArgumentException($"MetricPlot needs as many x values as metric values and at least one; got {x.Count} and {values.Count}.", nameof(values));
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = valueTitle, MajorGridlineStyle = LineStyle.Dot });
        var series = new LineSeries { Title = valueTitle, StrokeThickness = 2, MarkerType = MarkerType.Circle, Color = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
        for (int i = 0; i < x.Count; i++)
            if (double.IsFinite(values[i])) series.Points.Add(new DataPoint(x[i], values[i]));
        model.Series.Add(series);
        LossPlot.Export(path, model, 800, 500);
    }
}
