using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace GanMl.Imaging;

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
