using TorchSharp.Modules;

namespace GanMl.Torch;

/// <summary>What the ONNX exporter reads of a generator: [z, embed(label)] fed to a sequential body.</summary>
internal interface IExportableGenerator
{
    /// <summary>The label embedding of a conditional generator, or null.</summary>
    Embedding? LabelEmbedding { get; }

    /// <summary>The layers after the concatenation.</summary>
    Sequential Body { get; }

    /// <summary>True when the body takes the input as [N, C, 1, 1] planes (DCGAN) and its image output is flattened.</summary>
    bool TakesPlanes { get; }
}
