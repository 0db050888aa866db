using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace GanMl.Bench;

/// <summary>
/// Synthetic rows per second at 28×28: through <see cref="GanTransformer.Generate(int, int?)"/> (TorchSharp), through
/// <see cref="OnnxGenerator.Generate(int, int?)"/>, and through the exported ONNX model in ONNX Runtime at batch 256 and batch 1. Weights come from a one-epoch fit on random pixels:
/// throughput does not depend on what the generator learned.
/// </summary>
internal static class GenerationThroughput
{
    private const int Side = 28, Classes = 10;

    public static int Run(int seconds, string? onnxFolder, IReadOnlyList<int> batches)
    {
        Console.WriteLine($"{Environment.ProcessorCount} processors; each figure is the median of 3 runs of about {seconds} s.");
        Console.WriteLine($"{"model",-20} {"path",-26} {"rows/s",10}");
        foreach (var (name, options) in Models())
        {
            var ml = new MLContext(seed: 1);
            using var gan = ml.Transforms.TrainGan(options).Fit(RandomImages(ml, 256));
            string path = Path.Combine(onnxFolder ?? Path.GetTempPath(), $"ganml-throughput-{name}.onnx");
            gan.ExportOnnx(path);
            try
            {
                Report(name, "Generate (TorchSharp)", Median(() => ThroughGenerate(gan.Generate, gan.FeatureColumnName, seconds)));
                using (var onnx = OnnxGenerator.Load(ml, path))
                    Report(name, "OnnxGenerator.Generate", Median(() => ThroughGenerate(onnx.Generate, onnx.FeatureColumnName, seconds)));
                using var session = new InferenceSession(path);
                foreach (int batch in batches)
                    Report(name, $"ONNX Runtime, batch {batch}", Median(() => ThroughOnnxRuntime(session, gan, batch, seconds)));
            }
            finally
            {
                if (onnxFolder is null) File.Delete(path);
            }
        }
        return 0;
    }

    private static IEnumerable<(string Name, GanOptions Options)> Models()
    {
        foreach (bool conditional in new[] { false, true })
        {
            string suffix = conditional ? " (cond.)" : "";
            yield return ("MLP Minimal" + suffix, Options(GanArchitecture.Mlp, conditional) with { MlpPreset = MlpPreset.Minimal });
            yield return ("MLP Classic" + suffix, Options(GanArchitecture.Mlp, conditional));
            yield return ("DCGAN 32 ch" + suffix, Options(GanArchitecture.Dcgan, conditional));
        }
    }

    private static GanOptions Options(GanArchitecture architecture, bool conditional) => new()
    {
        FeatureColumnName = "Pixels", LabelColumnName = conditional ? "Label" : null, Architecture = architecture,
        MlpPreset = MlpPreset.Classic, DcganBaseChannels = 32, ImageShape = new ImageShape(1, Side, Side),
        Epochs = 1, BatchSize = 64, Seed = 1, FeatureRange = new ValueRange(0, 1),
    };

    private static IDataView RandomImages(MLContext ml, int rows)
    {
        var random = new Random(1);
        var data = Enumerable.Range(0, rows).Select(i => new Row
        {
            Pixels = Enumerable.Range(0, Side * Side).Select(_ => random.NextSingle()).ToArray(),
            Label = $"class {i % Classes}",
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema["Pixels"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Side * Side);
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    /// <summary>Generates rows in chunks of 10,000 and reads every feature value through a cursor, as a trainer would.</summary>
    private static double ThroughGenerate(Func<int, int?, IDataView> generate, string featureColumn, int seconds)
    {
        long rows = 0;
        double sink = 0;
        var sw = Stopwatch.StartNew();
        for (int seed = 1; sw.Elapsed.TotalSeconds < seconds; seed++)
        {
            var view = generate(10_000, seed);
            using var cursor = view.GetRowCursor(view.Schema);
            var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[featureColumn]);
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                getter(ref row);
                sink += row.GetValues()[0];
                rows++;
            }
        }
        GC.KeepAlive(sink);
        return rows / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Runs the session on fixed noise (and labels) of <paramref name="batch"/> rows, reusing the input and output buffers.</summary>
    private static double ThroughOnnxRuntime(InferenceSession session, GanTransformer gan, int batch, int seconds)
    {
        int latent = session.InputMetadata["z"].Dimensions[1];
        var random = new Random(2);
        var z = Enumerable.Range(0, batch * latent).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var labels = Enumerable.Range(0, batch).Select(i => (long)(i % Classes)).ToArray();
        var features = new float[batch * gan.FeatureSize];
        using var zValue = OrtValue.CreateTensorValueFromMemory(z, [batch, latent]);
        using var labelValue = OrtValue.CreateTensorValueFromMemory(labels, [batch]);
        using var output = OrtValue.CreateTensorValueFromMemory(features, [batch, gan.FeatureSize]);
        var inputNames = gan.IsConditional ? new[] { "z", "label" } : new[] { "z" };
        var inputs = gan.IsConditional ? new[] { zValue, labelValue } : new[] { zValue };
        using var runOptions = new RunOptions();
        long rows = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            session.Run(runOptions, inputNames, inputs, ["features"], [output]);
            rows += batch;
        }
        return rows / sw.Elapsed.TotalSeconds;
    }

    private static double Median(Func<double> measure)
    {
        var runs = new[] { measure(), measure(), measure() };
        Array.Sort(runs);
        return runs[1];
    }

    private static void Report(string model, string path, double rowsPerSecond) =>
        Console.WriteLine($"{model,-20} {path,-26} {rowsPerSecond,10:N0}");

    private sealed class Row
    {
        public float[] Pixels { get; set; } = [];
        public string Label { get; set; } = "";
    }
}
