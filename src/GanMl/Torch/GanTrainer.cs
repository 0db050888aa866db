using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>
/// Trains a generator against a discriminator with Adam. Plain tensors in, tensors out: no ML.NET types.
/// Every step runs in its own dispose scope, so native memory stays flat over long runs.
/// </summary>
internal sealed class GanTrainer : IDisposable
{
    private readonly TorchSharp.Modules.Adam _generatorOptimizer;
    private readonly TorchSharp.Modules.Adam _discriminatorOptimizer;
    private Generator _noise;
    // The moving average of G's weights that generates rows when GeneratorEmaDecay > 0.
    private readonly GanNetwork? _ema;
    // The average's BatchNorm statistics must be measured on the average itself (G's do not fit its weights).
    private bool _emaStatisticsStale = true;
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
        Generator.to(Device);
        Discriminator.to(Device);
        if (options.GeneratorEmaDecay > 0)
        {
            lock (GanNetworkFactory.GlobalRandomLock) _ema = GanNetworkFactory.CreateGenerator(spec);
            _ema.to(Device);
            CopyWeights(Generator, _ema);
            _ema.eval();
        }
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
    /// <summary>Generator steps taken so far.</summary>
    public long GeneratorSteps { get; private set; }
    /// <summary>Discriminator steps taken so far.</summary>
    public long DiscriminatorSteps { get; private set; }
    /// <summary>Epochs completed by <see cref="TrainEpoch"/>.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>
    /// One discriminator step on <paramref name="batch"/>; after every k-th discriminator step also one generator step.
    /// Returns the step's statistics when a generator step ran, else null.
    /// </summary>
    public GanStepStats? TrainBatch(GanBatch batch)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            CheckBatch(batch);
            using var threads = TorchThreads.SingleIf(Options.Deterministic);
            Generator.train();
            Discriminator.train();
            using var scope = NewDisposeScope();
            var real = tensor(batch.Features, [batch.Count, Spec.FeatureSize]).to(Device);
            var labels = batch.Labels is null ? null : tensor(batch.Labels).to(Device);

            // BatchNorm running statistics change in every training-mode forward pass; kept to undo a diverged step.
            var buffers = SnapshotBuffers(Generator, Discriminator);
            _discriminatorOptimizer.zero_grad();
            // Rows without a label (-1) get a random class for the generator. A discriminator that reads labels sees them,
            // and the fakes paired with them, under its extra "no label" embedding (index ClassCount), so they teach it
            // what real images look like without teaching it their class; an auxiliary-classifier D reads no labels.
            bool unlabelled = batch.Labels?.Any(l => l < 0) == true;
            bool anyLabelled = batch.Labels?.Any(l => l >= 0) == true;
            var fakeLabels = labels is null ? null : unlabelled ? WithRandomClasses(labels) : labels;
            bool dTakesLabels = Discriminator.TakesLabels;
            var noLabel = unlabelled && dTakesLabels ? labels!.lt(0) : null;
            var noLabelIndex = noLabel is null ? null : full_like(labels!, Spec.ClassCount);
            var dRealLabels = !dTakesLabels ? null : noLabel is null ? labels : where(noLabel, noLabelIndex!, labels!);
            var dFakeLabels = !dTakesLabels ? null : noLabel is null ? fakeLabels : where(noLabel, noLabelIndex!, fakeLabels!);
            var (realLogits, realClasses) = Discriminator.ForwardWithClasses(Augment(real), dRealLabels);
            Tensor fake;
            using (no_grad()) fake = Generator.forward(SampleNoise(batch.Count), fakeLabels);
            var fakeLogits = Discriminator.forward(Augment(fake), dFakeLabels);
            // With both kinds of rows, labelled and unlabelled rows weigh half each, so a few labelled rows among many
            // unlabelled ones still teach the classes (measured: at 1 labelled row in 11, a plain mean lost them).
            var known = noLabel is not null && anyLabelled ? noLabel.logical_not().to_type(ScalarType.Float32) : null;
            var discriminatorLoss = Options.Loss == GanLoss.Hinge
                ? (BalancedMean(F.relu(1 - realLogits), known) + BalancedMean(F.relu(1 + fakeLogits), known)) / 2
                : (BalancedMean(F.binary_cross_entropy_with_logits(realLogits, ones_like(realLogits), reduction: nn.Reduction.None), known)
                   + BalancedMean(F.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits), reduction: nn.Reduction.None), known)) / 2;
            if (realClasses is not null && anyLabelled)
                discriminatorLoss = discriminatorLoss + Options.AuxiliaryClassifierWeight * F.cross_entropy(realClasses, labels!, ignore_index: -1);
            discriminatorLoss.backward();
            float dLoss = discriminatorLoss.item<float>();
            // Checked before the step: a non-finite loss or gradient must never reach the weights or Adam's moments.
            CheckFinite(dLoss, Discriminator, "discriminator", buffers);
            _discriminatorOptimizer.step();
            DiscriminatorSteps++;
            _lastDiscriminator = new GanStepStats(
                dLoss, 0, sigmoid(realLogits).mean().item<float>(), sigmoid(fakeLogits).mean().item<float>());

            if (++_discriminatorStepsSinceGenerator < Options.DiscriminatorSteps) return null;
            _discriminatorStepsSinceGenerator = 0;

            buffers = SnapshotBuffers(Generator, Discriminator);
            _generatorOptimizer.zero_grad();
            var (logits, classes) = Discriminator.ForwardWithClasses(Augment(Generator.forward(SampleNoise(batch.Count), fakeLabels)), dFakeLabels);
            var generatorLoss = Options.Loss switch
            {
                GanLoss.NonSaturating => BalancedMean(F.binary_cross_entropy_with_logits(logits, ones_like(logits), reduction: nn.Reduction.None), known),
                GanLoss.Hinge => -BalancedMean(logits, known),
                _ => -BalancedMean(F.binary_cross_entropy_with_logits(logits, zeros_like(logits), reduction: nn.Reduction.None), known),
            };
            if (classes is not null) generatorLoss = generatorLoss + Options.AuxiliaryClassifierWeight * F.cross_entropy(classes, fakeLabels!);
            generatorLoss.backward();
            float gLoss = generatorLoss.item<float>();
            CheckFinite(gLoss, Generator, "generator", buffers);
            _generatorOptimizer.step();
            GeneratorSteps++;
            UpdateEma();
            return _lastDiscriminator with { GeneratorLoss = gLoss };
        }
    }

    /// <summary>One pass over <paramref name="batches"/>, reporting each generator step to <paramref name="progress"/>.</summary>
    public GanEpochStats TrainEpoch(IEnumerable<GanBatch> batches, IProgress<GanStepEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var clock = Stopwatch.StartNew();
        int epoch = EpochsCompleted + 1, generatorSteps = 0, discriminatorSteps = 0;
        long rows = 0;
        double dLoss = 0, gLoss = 0, dReal = 0, dFake = 0;
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stats = TrainBatch(batch);
            rows += batch.Count;
            discriminatorSteps++;
            dLoss += _lastDiscriminator.DiscriminatorLoss;
            dReal += _lastDiscriminator.MeanRealScore;
            dFake += _lastDiscriminator.MeanFakeScore;
            if (stats is not { } s) continue;
            generatorSteps++;
            gLoss += s.GeneratorLoss;
            progress?.Report(new GanStepEvent(epoch, GeneratorSteps, s, rows, rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        if (discriminatorSteps == 0) throw new InvalidOperationException("The training data produced no batches: it has no rows.");
        EpochsCompleted = epoch;
        double seconds = clock.Elapsed.TotalSeconds;
        return new GanEpochStats(epoch,
            new GanStepStats(dLoss / discriminatorSteps, generatorSteps == 0 ? double.NaN : gLoss / generatorSteps, dReal / discriminatorSteps, dFake / discriminatorSteps),
            seconds, rows / Math.Max(seconds, 1e-9));
    }

    /// <summary>Writes the network that <see cref="Generate"/> runs (the moving average when there is one) into an ONNX graph.</summary>
    internal void ExportGenerator(GanMl.Onnx.OnnxGraph graph, float min, float max)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            RecalibrateEmaStatistics();
            GeneratorOnnxExport.Build(graph, _ema ?? Generator, Spec, min, max);
        }
    }

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
            using var threads = TorchThreads.SingleIf(Options.Deterministic);
            RecalibrateEmaStatistics();
            var network = _ema ?? Generator;
            network.eval();
            try
            {
                const int chunk = 256;
                for (int start = 0; start < count; start += chunk)
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    int n = Math.Min(chunk, count - start);
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
            using var threads = TorchThreads.SingleIf(Options.Deterministic);
            Discriminator.train();
            var saved = SnapshotBuffers(Discriminator);
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
                return sum.div_(ScoringViews).cpu().data<float>().ToArray();
            }
            finally
            {
                // Batch statistics are taken in train mode, which also moves the running averages: put them back.
                RestoreBuffers(saved, Discriminator);
                foreach (var t in saved) t.Dispose();
            }
        }
    }

    /// <summary>Augmented views averaged per row by <see cref="Discriminate"/> when DiffAugment is on.</summary>
    public const int ScoringViews = 8;
    private const ulong ScoringAugmentSeed = 0x5C0BE5UL;

    /// <summary>Writes both networks, both optimiser states, the step counters and the noise generator state, so training resumes exactly.</summary>
    public void SaveCheckpoint(Stream stream)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(stream);
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(CheckpointMagic);
            writer.Write(CheckpointVersion);
            writer.Write(GeneratorSteps);
            writer.Write(DiscriminatorSteps);
            writer.Write(EpochsCompleted);
            writer.Write(_discriminatorStepsSinceGenerator);
            using (var state = _noise.get_state())
            {
                var bytes = state.data<byte>().ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
            Generator.save(writer);
            Discriminator.save(writer);
            writer.Write(_ema is not null);
            _ema?.save(writer);
            _generatorOptimizer.save_state_dict(writer);
            _discriminatorOptimizer.save_state_dict(writer);
            writer.Flush();
        }
    }

    /// <summary>Restores what <see cref="SaveCheckpoint"/> wrote. The trainer must have been built with the same spec.</summary>
    public void LoadCheckpoint(Stream stream)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(stream);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            try
            {
                if (reader.ReadString() != CheckpointMagic) throw new InvalidDataException("Not a GanMl checkpoint (bad magic).");
                int version = reader.ReadInt32();
                if (version is < 1 or > CheckpointVersion) throw new InvalidDataException($"GanMl checkpoint format version {version} is not supported (this GanMl reads 1 to {CheckpointVersion}).");
                GeneratorSteps = reader.ReadInt64();
                DiscriminatorSteps = reader.ReadInt64();
                EpochsCompleted = reader.ReadInt32();
                _discriminatorStepsSinceGenerator = reader.ReadInt32();
                var state = reader.ReadBytes(reader.ReadInt32());
                using (var stateTensor = tensor(state, dtype: ScalarType.Byte)) _noise.set_state(stateTensor);
                Generator.load(reader);
                Discriminator.load(reader);
                // Version 1 had no moving average: it starts from the generator's weights.
                bool savedEma = version >= 2 && reader.ReadBoolean();
                if (savedEma && _ema is null) throw new InvalidDataException("The checkpoint holds a generator moving average, but this trainer has GeneratorEmaDecay = 0.");
                if (savedEma) _ema!.load(reader);
                else if (_ema is not null) CopyWeights(Generator, _ema);
                _emaStatisticsStale = true;
                _generatorOptimizer.load_state_dict(reader);
                _discriminatorOptimizer.load_state_dict(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or ArgumentException or System.Runtime.InteropServices.ExternalException or IOException && e is not InvalidDataException)
            {
                throw new InvalidDataException($"The GanMl checkpoint is truncated or does not match this network ({Spec.Architecture}, {Spec.FeatureSize} features): {e.Message}", e);
            }
        }
    }

    /// <summary>Releases the networks' and optimisers' native memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Generator.Dispose();
            Discriminator.Dispose();
            _ema?.Dispose();
            _generatorOptimizer.Dispose();
            _discriminatorOptimizer.Dispose();
            _noise.Dispose();
        }
    }

    // Touching a disposed TorchSharp module crashes the process natively; fail in managed code instead.
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private const string CheckpointMagic = "GANML-CHECKPOINT";
    private const int CheckpointVersion = 2;

    /// <summary>ema ← d·ema + (1 − d)·G with the ramped decay; the average's BatchNorm statistics are measured afresh before it generates.</summary>
    private void UpdateEma()
    {
        if (_ema is null) return;
        double decay = Math.Min(Options.GeneratorEmaDecay, (1.0 + GeneratorSteps) / (10.0 + GeneratorSteps));
        using var noGrad = no_grad();
        foreach (var (average, current) in _ema.parameters().Zip(Generator.parameters()))
            average.mul_(decay).add_(current, alpha: 1 - decay);
        _emaStatisticsStale = true;
    }

    /// <summary>
    /// "Standing statistics" (as BigGAN does for its averaged G): G's running BatchNorm statistics belong to G's weights,
    /// not to their average, and using them made the averaged DCGAN's images blurred and noisy. So the average's
    /// statistics are measured afresh, as a cumulative mean over a fixed set of noise batches, before it generates.
    /// </summary>
    private void RecalibrateEmaStatistics()
    {
        if (_ema is null || !_emaStatisticsStale) return;
        var norms = _ema.modules().OfType<TorchSharp.Modules.BatchNorm>().ToList();
        _emaStatisticsStale = false;
        if (norms.Count == 0) return;
        var momentum = norms.Select(n => n.momentum).ToList();
        using var noGrad = no_grad();
        using var noise = new Generator(0x5EED5EEDUL);
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null; // cumulative average over the calibration batches
        }
        _ema.train();
        try
        {
            for (int i = 0; i < EmaCalibrationBatches; i++)
            {
                using var scope = NewDisposeScope();
                var z = randn([EmaCalibrationBatchSize, Spec.LatentDimension], generator: noise).to(Device);
                var y = Spec.IsConditional ? randint(Spec.ClassCount, [EmaCalibrationBatchSize], generator: noise, dtype: ScalarType.Int64).to(Device) : null;
                _ema.forward(z, y);
            }
        }
        finally
        {
            for (int i = 0; i < norms.Count; i++) norms[i].momentum = momentum[i];
            _ema.eval();
        }
    }

    private const int EmaCalibrationBatches = 16, EmaCalibrationBatchSize = 64;

    /// <summary>BatchNorm layers of the averaged generator whose statistics are recalibrated (for tests).</summary>
    internal int AveragedNormalizationLayers => _ema?.modules().OfType<TorchSharp.Modules.BatchNorm>().Count() ?? 0;

    private static void CopyWeights(GanNetwork from, GanNetwork to)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in to.parameters().Zip(from.parameters())) target.copy_(source);
        foreach (var (target, source) in to.buffers().Zip(from.buffers())) target.copy_(source);
    }

    /// <summary>The labels with every unknown (-1) replaced by a class drawn uniformly with the trainer's noise generator.</summary>
    private Tensor WithRandomClasses(Tensor labels)
    {
        using var unknown = labels.lt(0);
        using var random = randint(Spec.ClassCount, labels.shape, generator: _noise, dtype: ScalarType.Int64).to(Device);
        return where(unknown, random, labels);
    }

    private Tensor Augment(Tensor rows, Generator? generator = null)
    {
        if (Options.DiffAugment == DiffAugmentPolicy.None) return rows;
        var shape = Spec.ImageShape!;
        var images = rows.view(-1, shape.Channels, shape.Height, shape.Width);
        return DiffAugment.Apply(images, Options.DiffAugment, generator ?? _noise).reshape(-1, Spec.FeatureSize);
    }

    /// <summary>Throws <see cref="GanDivergedException"/> when the loss or any gradient of <paramref name="network"/> is NaN or infinite.</summary>
    private void CheckFinite(float loss, GanNetwork network, string name, Tensor[] buffers)
    {
        bool finite = float.IsFinite(loss);
        if (finite)
        {
            // One reduction over all gradients: the sum is finite only when every element is.
            var sums = network.parameters().Where(p => p.grad is not null).Select(p => p.grad!.sum()).ToArray();
            finite = sums.Length == 0 || float.IsFinite(stack(sums).sum().item<float>());
        }
        if (finite) return;
        RestoreBuffers(buffers, Generator, Discriminator);
        int epoch = EpochsCompleted + 1;
        long step = DiscriminatorSteps + (name == "discriminator" ? 1 : 0);
        throw new GanDivergedException(epoch, step, name,
            $"GAN training diverged in epoch {epoch} at step {step}: the {name} {(float.IsFinite(loss) ? "gradient" : "loss")} is " +
            $"{(float.IsFinite(loss) ? "not finite" : loss.ToString(System.Globalization.CultureInfo.InvariantCulture))}. The step was not applied, so the weights are those of the last finite step. " +
            $"Lower LearningRate (now {Options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}) or check the data for extreme values.");
    }

    /// <summary>The mean of per-row values; with a mask of labelled rows (a batch holding both kinds), the average of the labelled and the unlabelled means.</summary>
    private static Tensor BalancedMean(Tensor perRow, Tensor? labelled)
    {
        if (labelled is null) return perRow.mean();
        var unlabelled = 1 - labelled;
        return ((perRow * labelled).sum() / labelled.sum() + (perRow * unlabelled).sum() / unlabelled.sum()) / 2;
    }

    private static Tensor[] SnapshotBuffers(params GanNetwork[] networks) =>
        networks.SelectMany(n => n.buffers()).Select(b => b.detach().clone()).ToArray();

    private static void RestoreBuffers(Tensor[] saved, params GanNetwork[] networks)
    {
        using var noGrad = no_grad();
        foreach (var (buffer, value) in networks.SelectMany(n => n.buffers()).Zip(saved)) buffer.copy_(value);
    }

    private Tensor SampleNoise(int count) => randn([count, Spec.LatentDimension], generator: _noise).to(Device);

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
