using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>
/// The rows of a semi-supervised run as tensors, scaled to [0, 1]: the labelled rows with their class indices, and the
/// pool of real rows the unsupervised term and feature matching read (every training row, labelled or not).
/// </summary>
internal sealed class SslTrainingData : IDisposable
{
    public SslTrainingData(float[] labelled, long[] labels, float[] pool, int featureSize)
    {
        if (labels.Length == 0) throw new ArgumentException("A semi-supervised classifier needs labelled rows.", nameof(labels));
        if (labelled.Length != (long)labels.Length * featureSize) throw new ArgumentException($"Expected {labels.Length}×{featureSize} labelled values, got {labelled.Length}.", nameof(labelled));
        if (pool.Length == 0 || pool.Length % featureSize != 0) throw new ArgumentException($"The pool must hold whole rows of {featureSize} values, got {pool.Length}.", nameof(pool));
        FeatureSize = featureSize;
        LabelledCount = labels.Length;
        PoolCount = pool.Length / featureSize;
        Labelled = tensor(labelled, [LabelledCount, featureSize]);
        Labels = tensor(labels);
        Pool = tensor(pool, [PoolCount, featureSize]);
    }

    public int FeatureSize { get; }
    public int LabelledCount { get; }
    public int PoolCount { get; }
    public Tensor Labelled { get; }
    public Tensor Labels { get; }
    public Tensor Pool { get; }

    public void Dispose()
    {
        Labelled.Dispose();
        Labels.Dispose();
        Pool.Dispose();
    }
}
