namespace GanMl.Onnx;

/// <summary>
/// Writes a <see cref="ClassifierNetwork"/> as an ONNX model with one float input [N, features] and up to three outputs:
/// the class probabilities (softmax of the head), the last hidden layer, and the discriminator features of Radford et
/// al. 2015, section 5.1 (every hidden activation, each convolutional map max-pooled to a grid of about 4×4, concatenated).
/// </summary>
internal static class ClassifierOnnxBuilder
{
    /// <summary>Side of the grid each convolutional activation is max-pooled to for the discriminator features.</summary>
    public const int PoolGrid = 4;

    /// <summary>Names of the graph's input and outputs; a null output is left out.</summary>
    public sealed record Names(string Input, string? Scores, string? Hidden, string? Features);

    public static byte[] Build(ClassifierNetwork network, Names names, IReadOnlyDictionary<string, string> metadata, string producerVersion)
    {
        var graph = new OnnxGraph();
        graph.FloatInput(names.Input, network.FeatureSize);
        // Scale to [0, 1] as in training: x · 1/(max − min) − min/(max − min).
        float scale = 1f / (network.Maximum - network.Minimum);
        string x = graph.Node("Mul", [names.Input, graph.Constant("scale", [scale])]);
        x = graph.Node("Add", [x, graph.Constant("shift", [-network.Minimum * scale])]);
        int height = 1, width = 1;
        if (network.Image is var (c, h, w))
        {
            x = graph.Node("Reshape", [x, graph.Int64Constant("image", -1, c, h, w)]);
            (height, width) = (h, w);
        }
        var pooled = new List<(string Name, long Width)>();
        int channels = network.Image?.Channels ?? network.FeatureSize;
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case DenseLayer dense:
                    x = Dense(graph, dense, x);
                    channels = dense.Outputs;
                    break;
                case ConvolutionLayer conv:
                    x = graph.Node("Conv", [x, graph.Constant("weight", conv.Weight, conv.Outputs, conv.Inputs, conv.Kernel, conv.Kernel), graph.Constant("bias", conv.Bias, conv.Outputs)],
                        ("kernel_shape", new long[] { conv.Kernel, conv.Kernel }), ("strides", new long[] { conv.Stride, conv.Stride }),
                        ("pads", new long[] { conv.Padding, conv.Padding, conv.Padding, conv.Padding }));
                    height = (height + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
                    width = (width + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
                    channels = conv.Outputs;
                    break;
                case ActivationLayer { Slope: 0 }:
                    x = graph.Node("Relu", [x]);
                    pooled.Add(Pool(graph, x, network.Image is null, channels, height, width));
                    break;
                case ActivationLayer activation:
                    x = graph.Node("LeakyRelu", [x], ("alpha", activation.Slope));
                    pooled.Add(Pool(graph, x, network.Image is null, channels, height, width));
                    break;
                case FlattenLayer:
                    x = graph.Node("Flatten", [x], ("axis", 1L));
                    break;
                default:
                    throw new NotSupportedException($"ONNX export does not support the layer {layer.GetType().Name}.");
            }
        }
        if (names.Hidden is { } hidden)
        {
            graph.Alias(x, hidden);
            graph.FloatOutput(hidden, network.HiddenWidth);
        }
        if (names.Scores is { } scores)
        {
            string probabilities = graph.Node("Softmax", [Dense(graph, network.Head, x)], ("axis", 1L));
            graph.Alias(probabilities, scores);
            graph.FloatOutput(scores, network.ClassCount);
        }
        if (names.Features is { } features)
        {
            string all = pooled.Count == 1 ? pooled[0].Name : graph.Node("Concat", pooled.Select(p => p.Name).ToArray(), ("axis", 1L));
            graph.Alias(all, features);
            graph.FloatOutput(features, pooled.Sum(p => p.Width));
        }
        return graph.ToModel("ganml_classifier", metadata, producerVersion);
    }

    /// <summary>The width of the discriminator features <see cref="Build"/> writes for <paramref name="network"/>.</summary>
    public static long FeatureWidth(ClassifierNetwork network)
    {
        long total = 0;
        int channels = network.Image?.Channels ?? network.FeatureSize, height = network.Image?.Height ?? 1, width = network.Image?.Width ?? 1;
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case DenseLayer dense: channels = dense.Outputs; break;
                case ConvolutionLayer conv:
                    height = (height + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
                    width = (width + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
                    channels = conv.Outputs;
                    break;
                case ActivationLayer:
                    total += network.Image is null ? channels : (long)channels * Grid(height) * Grid(width);
                    break;
            }
        }
        return total;
    }

    private static string Dense(OnnxGraph graph, DenseLayer dense, string x) =>
        graph.Node("Gemm", [x, graph.Constant("weight", dense.Weight, dense.Outputs, dense.Inputs), graph.Constant("bias", dense.Bias, dense.Outputs)], ("transB", 1L));

    /// <summary>A hidden activation as discriminator features: as it is for dense layers; max-pooled to about 4×4 and flattened for maps.</summary>
    private static (string Name, long Width) Pool(OnnxGraph graph, string x, bool dense, int channels, int height, int width)
    {
        if (dense) return (x, channels);
        long kh = Window(height), kw = Window(width);
        string pooled = graph.Node("MaxPool", [x], ("kernel_shape", new[] { kh, kw }), ("strides", new[] { kh, kw }), ("ceil_mode", 1L));
        return (graph.Node("Flatten", [pooled], ("axis", 1L)), (long)channels * Grid(height) * Grid(width));
    }

    // A window of ceil(side / 4) with ceil mode gives ceil(side / window) cells: 4 for sides 28, 14, 7 and 16, 3 for 5.
    private static int Window(int side) => (side + PoolGrid - 1) / PoolGrid;
    private static int Grid(int side) => (side + Window(side) - 1) / Window(side);
}
