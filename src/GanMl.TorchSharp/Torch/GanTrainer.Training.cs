using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanMl.Torch;

/// <summary>The training step (k discriminator steps per generator step) and the loop over an epoch's batches.</summary>
internal sealed partial class GanTrainer
{
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
            using var step = NativeStep.Enter(Options.Deterministic);
            Generator.train();
            Discriminator.train();
            using var scope = NewDisposeScope();
            var real = tensor(batch.Features, [batch.Count, Spec.FeatureSize]).to(Device);
            var labels = batch.Labels is null ? null : tensor(batch.Labels).to(Device);
            var routed = StepLabels.For(batch.Labels, labels, Spec, Discriminator.TakesLabels, _noise, Device);
            _lastDiscriminator = DiscriminatorStep(real, batch.Count, routed);
            if (++_discriminatorStepsSinceGenerator < Options.DiscriminatorSteps) return null;
            _discriminatorStepsSinceGenerator = 0;
            return _lastDiscriminator with { GeneratorLoss = GeneratorStep(batch.Count, routed) };
        }
    }

    /// <summary>One pass over <paramref name="batches"/>, reporting each generator step to <paramref name="progress"/>.</summary>
    public GanEpochStats TrainEpoch(IEnumerable<GanBatch> batches, IProgress<GanStepEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var clock = Stopwatch.StartNew();
        int epoch = EpochsCompleted + 1;
        var sums = new EpochStatsAccumulator();
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stats = TrainBatch(batch);
            sums.AddDiscriminatorStep(_lastDiscriminator, batch.Count);
            if (stats is not { } s) continue;
            sums.AddGeneratorStep(s);
            progress?.Report(new GanStepEvent(epoch, GeneratorSteps, s, sums.Rows, sums.Rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        if (sums.DiscriminatorSteps == 0) throw new InvalidOperationException("The training data produced no batches: it has no rows.");
        EpochsCompleted = epoch;
        double seconds = clock.Elapsed.TotalSeconds;
        return new GanEpochStats(epoch, sums.Means(), seconds, sums.Rows / Math.Max(seconds, 1e-9));
    }

    /// <summary>Real rows against rows generated without gradient; returns D's loss and mean scores.</summary>
    private GanStepStats DiscriminatorStep(Tensor real, int count, StepLabels labels)
    {
        // BatchNorm running statistics change in every training-mode forward pass; kept to undo a diverged step.
        var buffers = NetworkState.SnapshotBuffers(Generator, Discriminator);
        _discriminatorOptimizer.zero_grad();
        var (realLogits, realClasses) = Discriminator.ForwardWithClasses(Augment(real), labels.DiscriminatorReal);
        Tensor fake;
        using (no_grad()) fake = Generator.forward(SampleNoise(count), labels.Fake);
        var fakeLogits = Discriminator.forward(Augment(fake), labels.DiscriminatorFake);
        var loss = GanLosses.Discriminator(Options.Loss, realLogits, fakeLogits, labels.Labelled);
        if (realClasses is not null && labels.AnyLabelled)
        {
            using var weight = ((double)Options.AuxiliaryClassifierWeight).ToScalar();
            loss = loss + F.cross_entropy(realClasses, labels.Real!, ignore_index: -1).mul(weight);
        }
        float dLoss = ApplyFiniteStep(loss, Discriminator, "discriminator", _discriminatorOptimizer, buffers);
        DiscriminatorSteps++;
        return new GanStepStats(dLoss, 0, sigmoid(realLogits).mean().item<float>(), sigmoid(fakeLogits).mean().item<float>());
    }

    /// <summary>Fresh generated rows scored by D; returns G's loss. Also moves the averaged generator.</summary>
    private float GeneratorStep(int count, StepLabels labels)
    {
        var buffers = NetworkState.SnapshotBuffers(Generator, Discriminator);
        _generatorOptimizer.zero_grad();
        var (logits, classes) = Discriminator.ForwardWithClasses(Augment(Generator.forward(SampleNoise(count), labels.Fake)), labels.DiscriminatorFake);
        var loss = GanLosses.Generator(Options.Loss, logits, labels.Labelled);
        if (classes is not null)
        {
            using var weight = ((double)Options.AuxiliaryClassifierWeight).ToScalar();
            loss = loss + F.cross_entropy(classes, labels.Fake!).mul(weight);
        }
        float gLoss = ApplyFiniteStep(loss, Generator, "generator", _generatorOptimizer, buffers);
        GeneratorSteps++;
        _average?.Update(Generator, GeneratorSteps);
        return gLoss;
    }

    /// <summary>Backpropagates <paramref name="loss"/> and steps <paramref name="optimizer"/>; returns the loss.</summary>
    private float ApplyFiniteStep(Tensor loss, GanNetwork network, string name, TorchSharp.Modules.Adam optimizer, Tensor[] buffers)
    {
        loss.backward();
        float value = loss.item<float>();
        // Checked before the step: a non-finite loss or gradient must never reach the weights or Adam's moments.
        CheckFinite(value, network, name, buffers);
        optimizer.step();
        return value;
    }

    private Tensor Augment(Tensor rows, Generator? generator = null)
    {
        if (Options.DiffAugment == DiffAugmentPolicy.None) return rows;
        var shape = Spec.ImageShape!;
        var images = rows.view(-1, shape.Channels, shape.Height, shape.Width);
        return DiffAugment.Apply(images, Options.DiffAugment, generator ?? _noise).reshape(-1, Spec.FeatureSize);
    }

    private Tensor SampleNoise(int count) => randn([count, Spec.LatentDimension], generator: _noise).to(Device);

    /// <summary>Throws <see cref="GanDivergedException"/> when the loss or any gradient of <paramref name="network"/> is NaN or infinite.</summary>
    private void CheckFinite(float loss, GanNetwork network, string name, Tensor[] buffers)
    {
        if (float.IsFinite(loss) && Gradients.AreFinite(network.parameters())) return;
        NetworkState.RestoreBuffers(buffers, Generator, Discriminator);
        int epoch = EpochsCompleted + 1;
        long step = DiscriminatorSteps + (name == "discriminator" ? 1 : 0);
        throw new GanDivergedException(epoch, step, name,
            $"GAN training diverged in epoch {epoch} at step {step}: the {name} {(float.IsFinite(loss) ? "gradient" : "loss")} is " +
            $"{(float.IsFinite(loss) ? "not finite" : loss.ToString(CultureInfo.InvariantCulture))}. The step was not applied, so the weights are those of the last finite step. " +
            $"Lower LearningRate (now {Options.LearningRate.ToString(CultureInfo.InvariantCulture)}) or check the data for extreme values.");
    }
}
