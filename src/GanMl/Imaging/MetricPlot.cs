using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace GanMl.Imaging;

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
