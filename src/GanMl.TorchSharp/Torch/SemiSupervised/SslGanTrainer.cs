using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// Trains a semi-supervised GAN (Salimans et al. 2016): the discriminator is a K-class classifier whose labelled rows
/// get cross-entropy, and whose real (pool) and generated rows get the K+1-class real/fake term through the log-sum-exp
/// of its logits; the generator learns by feature matching on the discriminator's last hidden layer. Plain tensors in,
/// class probabilities out: no ML.NET types. Each step runs in its own dispose scope.
/// </summary>
internal sealed class SslGanTrainer : IDisposable
{
    // Rows scored per forward pass in evaluation mode; bounds memory.
    private const int ScoringChunk = 512;
    private readonly Generator _random;
    private readonly Random _batches;
    private readonly Adam _discriminatorOptimizer;
    private readonly Adam _generatorOptimizer;
    private readonly object _gate = new();
    // Classifies when AverageDecay > 0: a moving average of the discriminator's weights.
    private readonly SslDiscriminator? _average;
    private long _steps;
    private bool _disposed;

    public SslGanTrainer(SslNetworkSpec spec, SslTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        options.Validate();
        TorchRuntime.EnsureLoaded();
        Spec = spec;
        Options = options;
        _random = new Generator((ulong)options.Seed + 0x51E5EEDUL);
        _batches = new Random(options.Seed);
        // Initial weights draw from torch's process-wide generator: seeded, and under the lock every network build takes.
        lock (GanNetworkFactory.GlobalRandomLock)
        {
            torch.random.manual_seed(options.Seed);
            Discriminator = new SslDiscriminator(spec, () => _random);
            Generator = new SslGenerator(spec);
            if (options.AverageDecay > 0)
            {
                _average = new SslDiscriminator(spec, () => _random);
                Copy(Discriminator, _average);
            }
        }
        try
        {
            using var threads = TorchThreads.ForDeterminism(options.Deterministic);
            ConvolutionDecisions = ConvolutionKernels.Verify(Discriminator.ConvolutionShapes);
        }
        catch
        {
            Discriminator.Dispose();
            Generator.Dispose();
            _random.Dispose();
            throw;
        }
        _discriminatorOptimizer = optim.Adam(Discriminator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
        _generatorOptimizer = optim.Adam(Generator.parameters(), options.LearningRate, options.Beta1, options.Beta2);
    }

    public SslNetworkSpec Spec { get; }
    public SslTrainingOptions Options { get; }
    public SslDiscriminator Discriminator { get; }
    public SslGenerator Generator { get; }
    /// <summary>How the discriminator's convolution layers run on this machine.</summary>
    public IReadOnlyList<ConvolutionDecision> ConvolutionDecisions { get; }
    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>The network that classifies: the moving average when there is one.</summary>
    public SslDiscriminator Classifier => _average ?? Discriminator;

    /// <summary>
    /// One epoch: max(pool / batch, <see cref="SslTrainingOptions.MinStepsPerEpoch"/>) steps, each on a batch of labelled
    /// rows drawn with replacement and a batch of pool rows from this epoch's shuffle.
    /// </summary>
    public SslEpochStats TrainEpoch(SslTrainingData data, int totalEpochs, IProgress<SslStepEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureSize != Spec.FeatureSize) throw new ArgumentException($"Rows have {data.FeatureSize} values; the networks expect {Spec.FeatureSize}.", nameof(data));
        int batch = Options.BatchSize;
        int steps = Math.Max(data.PoolCount / batch, Options.MinStepsPerEpoch);
        int[] order = Permutation(data.PoolCount);
        var clock = Stopwatch.StartNew();
        double classification = 0, unsupervised = 0, matching = 0;
        for (int step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SetLearningRate(LearningRate(EpochsCompleted, step, steps, totalEpochs));
            var labelled = Enumerable.Range(0, batch).Select(_ => (long)_batches.Next(data.LabelledCount)).ToArray();
            var losses = Step(data, labelled, Slice(order, step, batch));
            classification += losses.Classification;
            unsupervised += losses.Unsupervised;
            matching += losses.FeatureMatching;
            progress?.Report(new SslStepEvent(EpochsCompleted + 1, step + 1, steps, losses));
        }
        EpochsCompleted++;
        return new SslEpochStats(EpochsCompleted, new SslLosses(classification / steps, unsupervised / steps, matching / steps), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Class probabilities [count × K] (row-major) for rows scaled as in training, with the discriminator in evaluation mode.</summary>
    public float[] Probabilities(float[] rows, int count)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (rows.Length != (long)count * Spec.FeatureSize) throw new ArgumentException($"Expected {count}×{Spec.FeatureSize} values, got {rows.Length}.", nameof(rows));
            var result = new float[(long)count * Spec.ClassCount];
            using var step = NativeStep.Enter(Options.Deterministic);
            Classifier.eval();
            try
            {
                for (int start = 0; start < count; start += ScoringChunk)
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    int n = Math.Min(ScoringChunk, count - start);
                    var x = tensor(rows.AsSpan(start * Spec.FeatureSize, n * Spec.FeatureSize).ToArray(), [n, Spec.FeatureSize]);
                    var p = F.softmax(Classifier.Classify(x).Logits, 1).contiguous();
                    p.data<float>().CopyTo(result.AsSpan(start * Spec.ClassCount, n * Spec.ClassCount));
                }
            }
            finally
            {
                Classifier.train();
            }
            return result;
        }
    }

    /// <summary>The share of <paramref name="labels"/> that the arg-max class of <see cref="Probabilities"/> matches.</summary>
    public double Accuracy(float[] rows, long[] labels)
    {
        if (labels.Length == 0) return double.NaN;
        var p = Probabilities(rows, labels.Length);
        int k = Spec.ClassCount, right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p.AsSpan(i * k, k)) == labels[i]) right++;
        }
        return (double)right / labels.Length;
    }

    /// <summary>Detached copies of the classifier's parameters and buffers, to return to the best epoch.</summary>
    public Tensor[] SnapshotClassifier()
    {
        lock (_gate)
        {
            using var noGrad = no_grad();
            return Classifier.parameters().Concat(Classifier.buffers()).Select(t => t.detach().clone()).ToArray();
        }
    }

    /// <summary>Writes a <see cref="SnapshotClassifier"/> back.</summary>
    public void RestoreClassifier(Tensor[] snapshot)
    {
        lock (_gate)
        {
            using var noGrad = no_grad();
            foreach (var (target, value) in Classifier.parameters().Concat(Classifier.buffers()).Zip(snapshot)) target.copy_(value);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Discriminator.Dispose();
            Generator.Dispose();
            _average?.Dispose();
            _discriminatorOptimizer.Dispose();
            _generatorOptimizer.Dispose();
            _random.Dispose();
        }
    }

    private SslLosses Step(SslTrainingData data, long[] labelledRows, long[] poolRows)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var step = NativeStep.Enter(Options.Deterministic);
            using var scope = NewDisposeScope();
            Discriminator.train();
            Generator.train();
            int batch = labelledRows.Length;

            // Discriminator: cross-entropy on labelled rows, plus the real/fake term on pool and generated rows. D has no batch
            // statistics, so the three batches go through it as one: larger matrix products, one weight normalisation.
            _discriminatorOptimizer.zero_grad();
            bool realism = Options.UnsupervisedWeight > 0 || Options.EntropyWeight > 0;
            var parts = new List<Tensor> { Augment(data.Labelled.index_select(0, tensor(labelledRows))) };
            if (realism) parts.Add(Augment(data.Pool.index_select(0, tensor(poolRows))));
            if (Options.UnsupervisedWeight > 0)
            {
                Tensor fake;
                using (no_grad()) fake = Generator.forward(Noise(batch));
                // Generated rows get the real rows' augmentation too, so translation is no cue for telling them apart (DiffAugment's argument).
                parts.Add(Augment(fake));
            }
            var (logits, features) = Discriminator.Classify(parts.Count == 1 ? parts[0] : cat(parts, 0));
            var y = data.Labels.index_select(0, tensor(labelledRows));
            var loss = F.cross_entropy(logits.narrow(0, 0, batch), y);
            float classification = loss.item<float>(), unsupervised = 0;
            Tensor? realFeatures = null;
            if (realism)
            {
                var real = logits.narrow(0, batch, batch);
                realFeatures = features.narrow(0, batch, batch);
                if (Options.EntropyWeight > 0)
                {
                    using var entropyWeight = ((double)Options.EntropyWeight).ToScalar();
                    loss = loss + SslLossTerms.Entropy(real) * entropyWeight;
                }
                if (Options.UnsupervisedWeight > 0)
                {
                    var term = SslLossTerms.RealVersusGenerated(real, logits.narrow(0, 2 * batch, batch));
                    unsupervised = term.item<float>();
                    using var weight = ((double)Options.UnsupervisedWeight).ToScalar();
                    loss = loss + term * weight;
                }
            }
            ApplyFiniteStep(loss, Discriminator, "discriminator", _discriminatorOptimizer);
            _steps++;
            if (_average is not null) UpdateAverage();

            // Generator: match the mean of D's last hidden layer on real rows, those of D's step above (Salimans et al. draw
            // another batch; this saves a forward pass).
            float matching = 0;
            if (Options.UnsupervisedWeight > 0)
            {
                _generatorOptimizer.zero_grad();
                var target = realFeatures!.detach().mean([0L]);
                // D's weights get no gradient here: the generator's step needs only the gradient through D to its rows.
                SetRequiresGrad(Discriminator, false);
                try
                {
                    var generated = Discriminator.Features(Augment(Generator.forward(Noise(batch))));
                    var match = SslLossTerms.FeatureMatching(target, generated);
                    matching = match.item<float>();
                    ApplyFiniteStep(match, Generator, "generator", _generatorOptimizer);
                }
                finally
                {
                    SetRequiresGrad(Discriminator, true);
                }
            }
            return new SslLosses(classification, unsupervised, matching);
        }
    }

    /// <summary>Backpropagates and steps, unless the loss or a gradient is not finite: then nothing is applied and training stops.</summary>
    private void ApplyFiniteStep(Tensor loss, nn.Module network, string name, Adam optimizer)
    {
        loss.backward();
        float value = loss.item<float>();
        if (!float.IsFinite(value) || !Gradients.AreFinite(network.parameters()))
            throw new GanDivergedException(EpochsCompleted + 1, 0, name,
                $"Semi-supervised GAN training diverged in epoch {EpochsCompleted + 1}: the {name}'s loss or gradient is not finite. The step was not applied. " +
                $"Lower LearningRate (now {Options.LearningRate}) or check the features for extreme values.");
        optimizer.step();
    }

    private static void SetRequiresGrad(nn.Module network, bool value)
    {
        foreach (var parameter in network.parameters()) parameter.requires_grad_(value);
    }

    private Tensor Augment(Tensor rows) =>
        Options.Translation > 0 && Spec.ImageShape is { } shape ? ImageTranslation.Apply(rows, shape, Options.Translation, _random) : rows;

    /// <summary>avg ← d·avg + (1 − d)·w, with d ramped up as min(decay, (1 + t)/(10 + t)) so early averages are not stuck at the initial
    /// weights.</summary>
    private void UpdateAverage()
    {
        using var noGrad = no_grad();
        double decay = Math.Min(Options.AverageDecay, (1.0 + _steps) / (10.0 + _steps));
        using var keep = decay.ToScalar();
        using var take = (1 - decay).ToScalar();
        foreach (var (average, current) in _average!.parameters().Zip(Discriminator.parameters())) average.mul_(keep).add_(current, take);
    }

    private static void Copy(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in to.parameters().Zip(from.parameters())) target.copy_(source);
    }

    /// <summary>The learning rate of a step: constant, then falling linearly to 0 over the last <see cref="SslTrainingOptions.DecayShare"/> of the
    /// run.</summary>
    private double LearningRate(int epoch, int step, int steps, int totalEpochs)
    {
        if (Options.DecayShare <= 0) return Options.LearningRate;
        double progress = (epoch + (double)step / steps) / Math.Max(totalEpochs, 1);
        return Options.LearningRate * Math.Clamp((1 - progress) / Options.DecayShare, 0, 1);
    }

    private void SetLearningRate(double rate)
    {
        foreach (var group in _discriminatorOptimizer.ParamGroups.Concat(_generatorOptimizer.ParamGroups)) group.LearningRate = rate;
    }

    private Tensor Noise(int count) => rand([count, Spec.LatentDimension], generator: _random);

    private int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        _batches.Shuffle(order);
        return order;
    }

    /// <summary>The step-th batch of a shuffled order, wrapping around when an epoch has more steps than the order has batches.</summary>
    private static long[] Slice(int[] order, int step, int batch) =>
        Enumerable.Range(step * batch, batch).Select(i => (long)order[i % order.Length]).ToArray();
}
