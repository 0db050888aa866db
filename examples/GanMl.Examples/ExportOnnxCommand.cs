using System.CommandLine;
using Microsoft.ML;

namespace GanMl.Examples;

/// <summary>The export-onnx command's options, bound in <see cref="ExportOnnxCommand.Create"/>.</summary>
internal sealed record ExportOnnxSettings(string Model, string? Output);

/// <summary>Loads a GanMl model saved by <c>train</c> (GanTransformer.Save) and writes its generator as ONNX (GanTransformer.ExportOnnx).</summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = Cli.Option("--model", "GanMl model file written by train (GanTransformer.Save).", Path.Combine("runs", "train", "gan.zip"));
        model.HelpName = "FILE.zip";
        var output = Cli.Optional<string>("--out", "The ONNX file to write [default: generator.onnx next to the model].", "FILE.onnx");
        var command = new Command("export-onnx", "Write a saved GanMl model's generator as an ONNX model that runs without TorchSharp (see examples/OnnxOnly).") { model, output };
        command.SetAction(r => Run(new ExportOnnxSettings(r.GetValue(model)!, r.GetValue(output))));
        return command;
    }

    public static int Run(ExportOnnxSettings settings)
    {
        if (!File.Exists(settings.Model))
            throw new ArgumentException($"--model '{settings.Model}' does not exist; the train command writes runs/train/gan.zip.");
        string output = settings.Output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Model))!, "generator.onnx");
        var ml = new MLContext(seed: 1);
        using (var gan = GanTransformer.Load(ml, settings.Model))
            gan.ExportOnnx(output);
        // Read back through the core's OnnxGenerator, as a host without TorchSharp would.
        using var generator = OnnxGenerator.Load(ml, output);
        Console.WriteLine($"Wrote {output} ({new FileInfo(output).Length / 1024.0:F0} KB): input z float32 [N, {generator.LatentDimension}]" +
            (generator.IsConditional ? $", label int64 [N] (class index of column '{generator.LabelColumnName}': {string.Join(", ", generator.ClassLabels)})" : "") +
            $"; output float32 [N, {generator.FeatureSize}] ('{generator.FeatureColumnName}') in [{generator.FeatureRange.Min}, {generator.FeatureRange.Max}]" +
            (generator.ImageShape is { } s ? $", images {s}" : "") + ".");
        return 0;
    }
}
