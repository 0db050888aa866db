using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using GanMl;
using GanMl.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;

// Generation without libtorch: loads a generator exported by GanTransformer.ExportOnnx (or the examples' export-onnx
// command) with GanMl's core (OnnxGenerator), which needs only ML.NET and ONNX Runtime, not GanMl.TorchSharp, generates
// rows and prints what they hold.
var model = new Argument<string>("model") { Description = "The .onnx file written by GanTransformer.ExportOnnx (e.g. by the examples' export-onnx command).", HelpName = "FILE.onnx" };
var rows = new Option<int>("--rows") { Description = "Rows to generate: per class for a conditional model, in all otherwise.", DefaultValueFactory = _ => 100, HelpName = "N" };
var seed = new Option<int>("--seed") { Description = "Seed of the noise (and of the label draw).", DefaultValueFactory = _ => 7, HelpName = "N" };
var png = new Option<string?>("--png") { Description = "Also write a PNG grid of generated images (image models only): one column per class, or 10 columns [default: no grid].", HelpName = "FILE.png" };
var gridRows = new Option<int>("--grid-rows") { Description = "Images per column in the PNG grid.", DefaultValueFactory = _ => 8, HelpName = "N" };
rows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("Option '--rows' must be at least 1."); });
gridRows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("Option '--grid-rows' must be at least 1."); });
var root = new RootCommand("Generate rows from a GanMl generator exported to ONNX, with ML.NET and ONNX Runtime only (no TorchSharp, no libtorch).")
{
    model, rows, seed, png, gridRows,
};
root.SetAction(r => Run(r.GetValue(model)!, r.GetValue(rows), r.GetValue(seed), r.GetValue(png), r.GetValue(gridRows)));
try
{
    var parsed = root.Parse(args);
    if (parsed.Action is ParseErrorAction onError)
    {
        // The errors, and a pointer to the help rather than the whole help text (as the GanMl examples do).
        onError.ShowHelp = false;
        int exit = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        Console.Error.WriteLine("Run 'OnnxOnly --help' for the options and their defaults.");
        return exit;
    }
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException or NotSupportedException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static int Run(string path, int rowsPerClass, int seed, string? pngPath, int gridRows)
{
    var ml = new MLContext(seed: 1);
    using var generator = OnnxGenerator.Load(ml, path);
    Console.WriteLine($"Generator: {generator.ModelPath}");
    Console.WriteLine($"  latent dimension {generator.LatentDimension}, value range [{generator.FeatureRange.Min}, {generator.FeatureRange.Max}]" +
        (generator.ImageShape is { } shape ? $", images {shape}" : "") +
        (generator.IsConditional ? $", conditional on '{generator.LabelColumnName}' ({generator.ClassLabels.Count} classes)" : ", unconditional"));

    IDataView view;
    if (generator.IsConditional)
    {
        // Per class; a class without training rows (possible for key labels) gets none.
        var counts = generator.ClassLabels.Select((_, c) => generator.ClassCounts.Count == 0 || generator.ClassCounts[c] > 0 ? rowsPerClass : 0).ToArray();
        view = generator.GeneratePerClass(counts, seed);
    }
    else view = generator.Generate(rowsPerClass, seed: seed); // by name: a positional int is a label

    Console.WriteLine("Schema:");
    foreach (var column in view.Schema)
    {
        var annotations = column.Annotations.Schema.Select(a => $"{a.Name}: {a.Type}").ToList();
        Console.WriteLine($"  {column.Name}: {column.Type}{(annotations.Count > 0 ? $" ({string.Join(", ", annotations)})" : "")}");
    }

    // One pass over the view through an ML.NET cursor: per-class counts and mean value, and the first images of each class.
    var featureColumn = view.Schema[generator.FeatureColumnName];
    var labelColumn = generator.LabelColumnName is { } l ? view.Schema[l] : (DataViewSchema.Column?)null;
    var stats = new SortedDictionary<string, (long Rows, double Sum)>(StringComparer.Ordinal);
    var samples = new Dictionary<string, List<float[]>>();
    double total = 0;
    long count = 0;
    using (var cursor = view.GetRowCursor(view.Schema))
    {
        var features = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var label = labelColumn is { } lc ? LabelText(cursor, lc, generator.ClassLabels) : () => "(all rows)";
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            features(ref buffer);
            string name = label();
            double sum = 0;
            foreach (float v in buffer.DenseValues()) sum += v;
            var s = stats.GetValueOrDefault(name);
            stats[name] = (s.Rows + 1, s.Sum + sum);
            total += sum;
            count++;
            if (!samples.TryGetValue(name, out var list)) samples[name] = list = [];
            int wanted = labelColumn is null ? gridRows * 10 : gridRows;
            if (list.Count < wanted) list.Add(buffer.DenseValues().ToArray());
        }
    }
    int size = generator.FeatureSize;
    Console.WriteLine($"Generated {count} rows (seed {seed}); mean {(generator.ImageShape is null ? "value" : "pixel")} {total / (count * (double)size):F2}:");
    Console.WriteLine($"  {"class",-16} {"rows",6} {"mean",8}");
    foreach (var (name, s) in stats) Console.WriteLine($"  {name,-16} {s.Rows,6} {s.Sum / (s.Rows * (double)size),8:F2}");

    if (pngPath is not null)
    {
        if (generator.ImageShape is not { } imageShape) Console.WriteLine("No PNG grid: the model has no image shape (ganml.image_shape).");
        else
        {
            IReadOnlyList<IReadOnlyList<float[]?>> grid = labelColumn is null
                ? samples.Values.Single().Chunk(10).Select(r => (IReadOnlyList<float[]?>)r).ToList()
                : Enumerable.Range(0, gridRows).Select(r => (IReadOnlyList<float[]?>)generator.ClassLabels
                    .Select(c => samples.TryGetValue(c, out var list) && r < list.Count ? list[r] : null).ToList()).ToList();
            string full = Path.GetFullPath(pngPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            WriteGrid(full, grid, imageShape, generator.FeatureRange);
            Console.WriteLine($"Wrote {full}" + (labelColumn is null ? "." : $": one column per class, in order {string.Join(", ", generator.ClassLabels)}."));
        }
    }
    return 0;
}

// The grid (rows of cells, null for an empty cell) as one PNG with the core's ImageGrid: each image enlarged 2× (nearest
// neighbour), empty cells black, dark grey gaps.
static void WriteGrid(string path, IReadOnlyList<IReadOnlyList<float[]?>> cells, ImageShape shape, ValueRange range, int scale = 2)
{
    int columns = cells.Max(r => r.Count), height = shape.Height * scale, width = shape.Width * scale;
    var blank = Enumerable.Repeat(range.Min, shape.Channels * height * width).ToArray();
    var images = cells.SelectMany(r => Enumerable.Range(0, columns).Select(c => c < r.Count && r[c] is { } image ? Enlarge(image) : blank)).ToList();
    ImageGrid.Write(path, images, shape.Channels, height, width, columns, padding: 2, minValue: range.Min, maxValue: range.Max, paddingValue: 40);

    float[] Enlarge(float[] image)
    {
        var large = new float[shape.Channels * height * width];
        for (int ch = 0; ch < shape.Channels; ch++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    large[(ch * height + y) * width + x] = image[(ch * shape.Height + y / scale) * shape.Width + x / scale];
        return large;
    }
}

// The row's label as text, whatever the label column's type (key, text, boolean or number).
static Func<string> LabelText(DataViewRowCursor cursor, DataViewSchema.Column column, IReadOnlyList<string> classes)
{
    Func<string> Of<T>(Func<T, string> text)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => { getter(ref value); return text(value); };
    }
    var raw = column.Type.RawType;
    if (column.Type is KeyDataViewType) return Of<uint>(k => k == 0 ? "(missing)" : classes[(int)k - 1]);
    if (raw == typeof(ReadOnlyMemory<char>)) return Of<ReadOnlyMemory<char>>(v => v.ToString());
    if (raw == typeof(bool)) return Of<bool>(v => v.ToString(CultureInfo.InvariantCulture));
    if (raw == typeof(float)) return Of<float>(v => v.ToString("R", CultureInfo.InvariantCulture));
    if (raw == typeof(double)) return Of<double>(v => v.ToString("R", CultureInfo.InvariantCulture));
    if (raw == typeof(int)) return Of<int>(v => v.ToString(CultureInfo.InvariantCulture));
    if (raw == typeof(long)) return Of<long>(v => v.ToString(CultureInfo.InvariantCulture));
    if (raw == typeof(uint)) return Of<uint>(v => v.ToString(CultureInfo.InvariantCulture));
    if (raw == typeof(short)) return Of<short>(v => v.ToString(CultureInfo.InvariantCulture));
    if (raw == typeof(byte)) return Of<byte>(v => v.ToString(CultureInfo.InvariantCulture));
    throw new NotSupportedException($"Label column '{column.Name}' has type {column.Type}.");
}
