using GanMl.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Writes a generator into an <see cref="OnnxGraph"/> as it runs in evaluation mode: label embedding as Gather + Concat,
/// Linear as Gemm, ConvTranspose2d, BatchNorm with its running statistics, the activations, then the map from
/// [-1, 1] back to the training value range (Mul, Add, Clip), so the output has the layout of the training rows.
/// </summary>
internal static class GeneratorOnnxExport
{
    public const string NoiseInput = "z", LabelInput = "label", Output = "features";

    public static void Build(OnnxGraph graph, GanNetwork generator, GanNetworkSpec spec, float min, float max)
    {
        if (generator is not IExportableGenerator layers)
            throw new NotSupportedException($"ONNX export does not support the generator {generator.GetType().Name}.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        graph.FloatInput(NoiseInput, spec.LatentDimension);
        string x = NoiseInput;
        if (layers.LabelEmbedding is { } embedding)
        {
            graph.Int64Input(LabelInput);
            string table = Weights(graph, "embedding", embedding.weight!);
            string labels = graph.Node("Gather", [table, LabelInput], ("axis", 0L));
            x = graph.Node("Concat", [x, labels], ("axis", 1L));
        }
        if (layers.TakesPlanes) x = graph.Node("Reshape", [x, graph.Int64Constant("planes", 0, -1, 1, 1)]);
        foreach (var layer in layers.Body.children())
            x = Layer(graph, layer, x);
        if (layers.TakesPlanes) x = graph.Node("Reshape", [x, graph.Int64Constant("rows", 0, spec.FeatureSize)]);
        // FeatureScaler.FromNetwork: clamp((t + 1) (max - min) / 2 + min, min, max).
        float scale = (max - min) / 2f;
        x = graph.Node("Mul", [x, graph.Constant("scale", [scale])]);
        x = graph.Node("Add", [x, graph.Constant("shift", [scale + min])]);
        x = graph.Node("Clip", [x, graph.Constant("min", [min]), graph.Constant("max", [max])]);
        graph.Alias(x, Output);
        graph.FloatOutput(Output, spec.FeatureSize);
    }

    private static string Layer(OnnxGraph graph, nn.Module layer, string x) => layer switch
    {
        Linear linear => graph.Node("Gemm", WithWeights(graph, x, linear.weight!, linear.bias), ("transB", 1L)),
        BatchNorm norm => graph.Node("BatchNormalization",
            [x, Weights(graph, "gamma", norm.weight!), Weights(graph, "beta", norm.bias!), Weights(graph, "mean", norm.running_mean!), Weights(graph, "var", norm.running_var!)],
            ("epsilon", (float)norm.eps)),
        ConvTranspose2d conv => ConvTranspose(graph, conv, x),
        ReLU => graph.Node("Relu", [x]),
        LeakyReLU leaky => graph.Node("LeakyRelu", [x], ("alpha", (float)leaky.negative_slope)),
        Tanh => graph.Node("Tanh", [x]),
        _ => throw new NotSupportedException($"ONNX export does not support the layer {layer.GetType().Name}."),
    };

    private static string ConvTranspose(OnnxGraph graph, ConvTranspose2d conv, string x)
    {
        if (conv.groups != 1 || conv.dilation.Any(d => d != 1) || conv.output_padding.Any(p => p != 0))
            throw new NotSupportedException("ONNX export supports ConvTranspose2d with one group, no dilation and no output padding.");
        var inputs = WithWeights(graph, x, conv.weight!, conv.bias);
        var padding = conv.padding ?? throw new NotSupportedException("ONNX export needs explicit ConvTranspose2d padding.");
        long[] pads = [padding[0], padding[1], padding[0], padding[1]];
        return graph.Node("ConvTranspose", inputs, ("kernel_shape", conv.kernel_size), ("strides", conv.stride), ("pads", pads));
    }

    /// <summary>The inputs of a layer with a weight and an optional bias: x, W and, when there is one, B.</summary>
    private static string[] WithWeights(OnnxGraph graph, string x, Tensor weight, Tensor? bias) =>
        bias is null ? [x, Weights(graph, "weight", weight)] : [x, Weights(graph, "weight", weight), Weights(graph, "bias", bias)];

    private static string Weights(OnnxGraph graph, string hint, Tensor tensor)
    {
        var values = tensor.detach().cpu().contiguous().to_type(ScalarType.Float32);
        return graph.Constant(hint, values.data<float>().ToArray(), tensor.shape);
    }
}
