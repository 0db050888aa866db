using TorchSharp;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>Generating rows with the trained (or averaged) generator and scoring rows with the discriminator.</summary>
internal sealed partial class GanTrainer
{
    /// <summary>Augmented views averaged per row by <see cref="Discriminate"/> when DiffAugment is on.</summary>
    public const int ScoringViews = 8;
    private const ulong ScoringAugmentSeed = 0x5C0BE5UL;
    // Rows generated per forward pass; bounds memory, and a row does not depend on its chunk in evaluation mode.
    private const int GenerationChunk = 256;

    /// <summary>
    /// Generates <paramref name="count"/> rows in [-1, 1] (row-major) from noise seeded by <paramref name="seed"/>.
    /// The generator runs in evaluation mode, so a row depends only on its noise and label.
    /// </summary>
    public float[] Generate(int count, int seed, long[]? labels = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Row count must not be negative.");
            CheckLabels(labels, count);
            var result = new float[(long)count * Spec.FeatureSize];
            var noise = new Generator((ulong)seed);
            using var step = NativeStep.Enter(Options.Deterministic);
            var network = _average?.Calibrated() ?? Generator;
            network.eval();
            try
            {
                for (int start = 0; start < count; start += GenerationChunk)
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    int n = Math.Min(GenerationChunk, count - start);
                    var z = randn([n, Spec.LatentDimension], generator: noise).to(Device);
                    var y = labels is null ? null : tensor(labels.AsSpan(start, n).ToArray()).to(Device);
                    var rows = network.forward(z, y).cpu().contiguous();
                    rows.data<float>().CopyTo(result.AsSpan(start * Spec.FeatureSize, n * Spec.FeatureSize));
                }
            }
            finally
            {
                noise.Dispose();
                if (network == Generator) Generator.train();
            }
            return result;
        }
    }

    /// <summary>
    /// Discriminator probabilities that each row is real; rows are in [-1, 1] as in training. D is scored the way it is
    /// trained: the rows form one batch whose own statistics its BatchNorm layers use (their running averages, which
    /// mix real and fake batches, are neither used nor updated), and with DiffAugment each probability is the mean over
    /// <see cref="ScoringViews"/> augmented views drawn from a fixed seed. A row's score therefore depends on the other
    /// rows of the call, as D(x) does in training; the same call gives the same scores.
    /// </summary>
    public float[] Discriminate(float[] features, int count, long[]? labels = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(features);
            if ((long)count * Spec.FeatureSize != features.Length)
                throw new ArgumentException($"Expected {count}×{Spec.FeatureSize} values, got {features.Length}.", nameof(features));
            CheckLabels(labels, count);
            if (count == 0) return [];
            using var step = NativeStep.Enter(Options.Deterministic);
            Discriminator.train();
            var saved = NetworkState.SnapshotBuffers(Discriminator);
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var x = tensor(features, [count, Spec.FeatureSize]).to(Device);
                var y = labels is null ? null : tensor(labels).to(Device);
                if (Options.DiffAugment == DiffAugmentPolicy.None) return sigmoid(Discriminator.forward(x, y)).cpu().data<float>().ToArray();
                using var views = new Generator(ScoringAugmentSeed);
                var sum = zeros(count).to(Device);
                for (int v = 0; v < ScoringViews; v++) sum.add_(sigmoid(Discriminator.forward(Augment(x, views), y)));
                using var viewCount = ScoringViews.ToScalar();
                return sum.div_(viewCount).cpu().data<float>().ToArray();
            }
            finally
            {
                // Batch statistics are taken in train mode, which also moves the running averages: put them back.
                NetworkState.RestoreBuffers(saved, Discriminator);
                foreach (var t in saved) t.Dispose();
            }
        }
    }
}
