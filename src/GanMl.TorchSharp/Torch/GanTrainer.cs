using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// Trains a generator against a discriminator with Adam. Plain tensors in, tensors out: no ML.NET types.
/// Every step runs in its own dispose scope, so native memory stays flat over long runs. The training step, generation
/// and scoring, and checkpoints are in the other parts of this class.
/// </summary>
internal sealed partial class GanTrainer : IDisposable
{
    private readonly TorchSharp.Modules.Adam _generatorOptimizer;
    private readonly TorchSharp.Modules.Adam _discriminatorOptimizer;
    // Noise, random classes for unlabelled rows and DiffAugment draws of training; saved in checkpoints.
    private readonly Generator _noise;
    // Generates the rows when GeneratorEmaDecay > 0.
    private readonly GeneratorAverage? _average;
    private int _discriminatorStepsSinceGenerator;
    private GanStepStats _lastDiscriminator;
    private bool _disposed;
    // One caller at a time: Generate/Discriminate flip train/eval modes, and Dispose must not race a native call.
    private readonly object _gate = new();

    /// <summary>Builds both networks (seeded by <see cref="GanTrainingOptions.Seed"/>) and their optimisers.</summary>
    public GanTrainer(GanNetworkSpec spec, GanTrainingOptions options, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        options.Validate(spec);
        TorchRuntime.EnsureLoaded();
        Spec = spec;
        Options = options;
        Device = device ?? CPU;
        // Weight initialisation draws from torch's global generator: D's draws must follow G's with no other
        // thread's draws in between, so both are built under the factory's (reentrant) lock.
        lock (GanNetworkFactory.GlobalRandomLock)
        {
            Generator = GanNetworkFactory.CreateGenerator(spec, options.Seed);
            Discriminator = GanNetworkFactory.CreateDiscriminator(spec);
        }
        // Native convolution kernels can be wrong on some CPUs: check each layer shape before the first step (once per
        // process), with the kernels the steps will run.
        try
        {
            using var threads = TorchThreads.ForDeterminism(options.Deterministic);
            ConvolutionDecisions = ConvolutionKernels.Verify(Generator.ConvolutionShapes.Concat(Discriminator.ConvolutionShapes));
        }
        catch
        {
            Generator.Dispose();
            Discriminator.Dispose();
            throw;
        }
        Generator.to(Device);
        Discriminator.to(Device);
        if (options.GeneratorEmaDecay > 0) _average = new GeneratorAverage(spec, options.GeneratorEmaDecay, Generator, Device);
        _generatorOptimizer = optim.Adam(Generator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
        _discriminatorOptimizer = optim.Adam(Discriminator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
        _noise = new Generator((ulong)options.Seed + 0x9E3779B9UL);
    }

    /// <summary>The network shapes.</summary>
    public GanNetworkSpec Spec { get; }
    /// <summary>The optimisation settings.</summary>
    public GanTrainingOptions Options { get; }
    /// <summary>Where the networks live.</summary>
    public Device Device { get; }
    /// <summary>The generator network.</summary>
    public GanNetwork Generator { get; }
    /// <summary>The discriminator network.</summary>
    public GanNetwork Discriminator { get; }
    /// <summary>How each convolution layer shape of the two networks is computed on this machine, and why.</summary>
    public IReadOnlyList<ConvolutionDecision> ConvolutionDecisions { get; }
    /// <summary>Generator steps taken so far.</summary>
    public long GeneratorSteps { get; private set; }
    /// <summary>Discriminator steps taken so far.</summary>
    public long DiscriminatorSteps { get; private set; }
    /// <summary>Epochs completed by <see cref="TrainEpoch"/>.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>Writes the network that <see cref="Generate"/> runs (the moving average when there is one) into an ONNX graph.</summary>
    internal void ExportGenerator(GanMl.Onnx.OnnxGraph graph, float min, float max)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            GeneratorOnnxExport.Build(graph, _average?.Calibrated() ?? Generator, Spec, min, max);
        }
    }

    /// <summary>BatchNorm layers of the averaged generator whose statistics are recalibrated (for tests).</summary>
    internal int AveragedNormalizationLayers => _average?.NormalizationLayers ?? 0;

    /// <summary>Releases the networks' and optimisers' native memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Generator.Dispose();
            Discriminator.Dispose();
            _average?.Dispose();
            _generatorOptimizer.Dispose();
            _discriminatorOptimizer.Dispose();
            _noise.Dispose();
        }
    }

    // Touching a disposed TorchSharp module crashes the process natively; fail in managed code instead.
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void CheckBatch(GanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // BatchNorm cannot take batch statistics of one row and fails in native code; refuse it here with a clear message.
        if (batch.Count < 2) throw new ArgumentException($"A training batch needs at least 2 rows (BatchNorm normalises over the batch); got {batch.Count}.", nameof(batch));
        if (batch.Features.Length != (long)batch.Count * Spec.FeatureSize)
            throw new ArgumentException($"Batch holds {batch.Features.Length} values; expected {batch.Count}×{Spec.FeatureSize}.", nameof(batch));
        CheckLabels(batch.Labels, batch.Count, allowUnknown: true);
    }

    private void CheckLabels(long[]? labels, int count, bool allowUnknown = false)
    {
        if (Spec.IsConditional != labels is not null)
            throw new ArgumentException(Spec.IsConditional ? "This conditional GAN needs a label for every row." : "This GAN is unconditional and takes no labels.", nameof(labels));
        if (labels is null) return;
        if (labels.Length != count) throw new ArgumentException($"Expected {count} labels, got {labels.Length}.", nameof(labels));
        foreach (long label in labels)
            if (label < (allowUnknown ? -1 : 0) || label >= Spec.ClassCount)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Class index must be in [0, {Spec.ClassCount}){(allowUnknown ? " or -1 (no label)" : "")}.");
    }
}
