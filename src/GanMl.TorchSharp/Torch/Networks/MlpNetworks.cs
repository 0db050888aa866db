using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>Fully connected generator: [z, embed(label)] → hidden layers → Tanh.</summary>
internal sealed class MlpGenerator : GanNetwork, IExportableGenerator
{
    private readonly Sequential _body;
    private readonly Embedding? _labelEmbedding;

    public MlpGenerator(GanNetworkSpec spec) : base("mlp_generator")
    {
        var (hidden, activation, batchNormFromSecond) = MlpLayers.Generator(spec);
        int input = spec.LatentDimension;
        if (spec.IsConditional)
        {
            _labelEmbedding = nn.Embedding(spec.ClassCount, spec.LabelEmbeddingDimension);
            input += spec.LabelEmbeddingDimension;
        }
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < hidden.Count; i++)
        {
            layers.Add(nn.Linear(input, hidden[i]));
            // The classic tutorial uses eps=0.8 (a typo for momentum that became part of the recipe).
            if (batchNormFromSecond && i > 0) layers.Add(nn.BatchNorm1d(hidden[i], eps: 0.8));
            layers.Add(activation());
            input = hidden[i];
        }
        layers.Add(nn.Linear(input, spec.FeatureSize));
        layers.Add(nn.Tanh());
        _body = nn.Sequential(layers);
        RegisterComponents();
    }

    Embedding? IExportableGenerator.LabelEmbedding => _labelEmbedding;
    Sequential IExportableGenerator.Body => _body;
    bool IExportableGenerator.TakesPlanes => false;

    public override Tensor forward(Tensor z, Tensor? labels)
    {
        CheckLabels(_labelEmbedding is not null, labels, "generator");
        return _body.forward(_labelEmbedding is null ? z : cat([z, _labelEmbedding.forward(labels!)], 1));
    }
}

/// <summary>Fully connected discriminator returning one logit per row; conditional as in cGAN: [x, embed(label)] is the input.</summary>
internal sealed class MlpDiscriminator : GanNetwork
{
    private readonly Sequential _body;
    private readonly Embedding? _labelEmbedding;

    public MlpDiscriminator(GanNetworkSpec spec) : base("mlp_discriminator")
    {
        var (hidden, activation) = MlpLayers.Discriminator(spec);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int input = spec.FeatureSize;
        if (spec.IsConditional)
        {
            // One embedding row more than classes: "no label", for rows without one (semi-supervised training).
            _labelEmbedding = nn.Embedding(spec.ClassCount + 1, spec.LabelEmbeddingDimension);
            input += spec.LabelEmbeddingDimension;
        }
        foreach (int size in hidden)
        {
            layers.Add(nn.Linear(input, size));
            layers.Add(activation());
            input = size;
        }
        layers.Add(nn.Linear(input, 1));
        _body = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor? labels)
    {
        CheckLabels(_labelEmbedding is not null, labels, "discriminator");
        using var input = _labelEmbedding is null ? x.alias() : cat([x, _labelEmbedding.forward(labels!)], 1);
        return _body.forward(input).view(-1);
    }
}

/// <summary>The tutorial layer recipes behind <see cref="MlpPreset"/>.</summary>
internal static class MlpLayers
{
    public static (IReadOnlyList<int> Hidden, Func<nn.Module<Tensor, Tensor>> Activation, bool BatchNormFromSecond) Generator(GanNetworkSpec spec)
    {
        int[] hidden = spec.MlpPreset switch
        {
            MlpPreset.Classic => [128, 256, 512, 1024],
            MlpPreset.Minimal => [128, 256],
            MlpPreset.Deep => [256, 512, 1024],
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.MlpPreset, "Unknown MlpPreset."),
        };
        return (spec.GeneratorHiddenLayers ?? hidden, Activation(spec.MlpPreset), spec.MlpPreset == MlpPreset.Classic);
    }

    public static (IReadOnlyList<int> Hidden, Func<nn.Module<Tensor, Tensor>> Activation) Discriminator(GanNetworkSpec spec)
    {
        int[] hidden = spec.MlpPreset switch
        {
            MlpPreset.Classic => [512, 256],
            MlpPreset.Minimal => [256, 128],
            MlpPreset.Deep => [1024, 512, 256],
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.MlpPreset, "Unknown MlpPreset."),
        };
        return (spec.DiscriminatorHiddenLayers ?? hidden, Activation(spec.MlpPreset));
    }

    private static Func<nn.Module<Tensor, Tensor>> Activation(MlpPreset preset) =>
        preset == MlpPreset.Minimal ? () => nn.ReLU() : () => nn.LeakyReLU(0.2);
}
