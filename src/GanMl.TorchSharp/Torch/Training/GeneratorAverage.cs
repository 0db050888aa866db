using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// The moving average of the generator's weights that generates rows when <see cref="GanTrainingOptions.GeneratorEmaDecay"/> &gt; 0.
/// Its BatchNorm statistics are measured on the average itself before it generates: G's running statistics fit G's
/// weights, not their average (docs/training.md, section 3).
/// </summary>
internal sealed class GeneratorAverage : IDisposable
{
    private const int CalibrationBatches = 16, CalibrationBatchSize = 64;
    private const ulong CalibrationSeed = 0x5EED5EEDUL;
    private readonly GanNetworkSpec _spec;
    private readonly Device _device;
    private readonly float _decay;
    private bool _statisticsStale = true;

    /// <summary>Builds the average as a copy of <paramref name="generator"/>.</summary>
    public GeneratorAverage(GanNetworkSpec spec, float decay, GanNetwork generator, Device device)
    {
        _spec = spec;
        _decay = decay;
        _device = device;
        // Its initialisation is overwritten, but it draws from torch's global generator like any network.
        lock (GanNetworkFactory.GlobalRandomLock) Network = GanNetworkFactory.CreateGenerator(spec);
        Network.to(device);
        NetworkState.CopyWeights(generator, Network);
        Network.eval();
    }

    /// <summary>The averaged network (its BatchNorm statistics may be stale: generate through <see cref="Calibrated"/>).</summary>
    public GanNetwork Network { get; }

    /// <summary>BatchNorm layers whose statistics are recalibrated (for tests).</summary>
    public int NormalizationLayers => Network.modules().OfType<TorchSharp.Modules.BatchNorm>().Count();

    /// <summary>average ← d·average + (1 − d)·G after <paramref name="generatorSteps"/> steps, with the decay ramped up over the first
    /// steps.</summary>
    public void Update(GanNetwork generator, long generatorSteps)
    {
        double decay = Math.Min(_decay, (1.0 + generatorSteps) / (10.0 + generatorSteps));
        using var noGrad = no_grad();
        using var keep = decay.ToScalar();
        using var take = (1 - decay).ToScalar();
        foreach (var (average, current) in Network.parameters().Zip(generator.parameters()))
            average.mul_(keep).add_(current, take);
        _statisticsStale = true;
    }

    /// <summary>Restarts the average from <paramref name="generator"/>'s weights (a checkpoint without one).</summary>
    public void ResetTo(GanNetwork generator)
    {
        NetworkState.CopyWeights(generator, Network);
        _statisticsStale = true;
    }

    /// <summary>Reads weights written by the network's <c>save</c>.</summary>
    public void Load(BinaryReader reader)
    {
        Network.load(reader);
        _statisticsStale = true;
    }

    /// <summary>The average in evaluation mode with BatchNorm statistics measured for its current weights.</summary>
    public GanNetwork Calibrated()
    {
        RecalibrateStatistics();
        return Network;
    }

    /// <summary>
    /// "Standing statistics", as BigGAN does for its averaged G: a cumulative mean over a fixed set of noise batches,
    /// measured only when the weights changed since the last time.
    /// </summary>
    private void RecalibrateStatistics()
    {
        if (!_statisticsStale) return;
        var norms = Network.modules().OfType<TorchSharp.Modules.BatchNorm>().ToList();
        _statisticsStale = false;
        if (norms.Count == 0) return;
        var momentum = norms.Select(n => n.momentum).ToList();
        using var noGrad = no_grad();
        using var noise = new Generator(CalibrationSeed);
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null; // cumulative average over the calibration batches
        }
        Network.train();
        try
        {
            for (int i = 0; i < CalibrationBatches; i++)
            {
                using var scope = NewDisposeScope();
                var z = randn([CalibrationBatchSize, _spec.LatentDimension], generator: noise).to(_device);
                var y = _spec.IsConditional ? randint(_spec.ClassCount, [CalibrationBatchSize], generator: noise, dtype: ScalarType.Int64).to(_device) : null;
                Network.forward(z, y);
            }
        }
        finally
        {
            for (int i = 0; i < norms.Count; i++) norms[i].momentum = momentum[i];
            Network.eval();
        }
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => Network.Dispose();
}
