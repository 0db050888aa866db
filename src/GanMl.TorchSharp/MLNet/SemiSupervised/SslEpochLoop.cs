using System.Globalization;
using GanMl.Torch;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>
/// The epoch loop of a semi-supervised fit: trains, scores the held-out labelled rows, reports progress through the
/// option and the ML.NET channel, keeps the weights of the best validated epoch, stops early when asked, and restores
/// the best epoch at the end, so a long run never ends worse than its best validated epoch.
/// </summary>
internal static class SslEpochLoop
{
    public sealed record Result(IReadOnlyList<SemiSupervisedGanEpoch> Epochs, int BestEpoch);

    public static Result Run(SslGanTrainer trainer, SslTrainingData data, float[] validationRows, long[] validationLabels, int epochs,
        SemiSupervisedGanOptions options, IChannel channel, Action<string> cancel)
    {
        var history = new List<SemiSupervisedGanEpoch>();
        bool validating = validationLabels.Length > 0;
        double best = double.NegativeInfinity;
        int bestEpoch = 0, improvedEpoch = 0;
        ClassifierSnapshot? kept = null;
        var steps = options.Progress is { } p
            ? new Progress(e => p.Report(new SemiSupervisedGanProgress(e.Epoch, epochs, e.Step, e.Steps, e.Losses.Classification, e.Losses.Unsupervised, e.Losses.FeatureMatching, null, false)))
            : null;
        try
        {
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                cancel($"before epoch {epoch}");
                var stats = trainer.TrainEpoch(data, epochs, steps, options.CancellationToken);
                double? accuracy = validating ? trainer.Accuracy(validationRows, validationLabels) : null;
                var losses = stats.Losses;
                var record = new SemiSupervisedGanEpoch(epoch, losses.Classification, losses.Unsupervised, losses.FeatureMatching, accuracy, stats.Seconds);
                history.Add(record);
                options.Progress?.Report(new SemiSupervisedGanProgress(epoch, epochs, 0, 0, losses.Classification, losses.Unsupervised, losses.FeatureMatching, accuracy, true));
                channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
                    $"Epoch {epoch}/{epochs}: classification loss {losses.Classification:F4}, real/generated {losses.Unsupervised:F4}, feature matching {losses.FeatureMatching:F4}" +
                    $"{(accuracy is { } a ? $", validation accuracy {a:P2}" : "")}, {stats.Seconds:F1} s."));
                // Without validation the last epoch is kept; with it, the last epoch of the best accuracy: a few held-out
                // rows tie often, and later epochs have seen more unlabelled rows and a lower learning rate.
                // Patience counts epochs since the last strictly better one, so ties do not keep a run going.
                if (!validating || accuracy > best) improvedEpoch = epoch;
                if (!validating || accuracy >= best)
                {
                    best = accuracy ?? best;
                    bestEpoch = epoch;
                    if (validating)
                    {
                        kept?.Dispose();
                        kept = new ClassifierSnapshot(trainer.SnapshotClassifier());
                    }
                }
                if (validating && options.EarlyStoppingPatience > 0 && epoch - improvedEpoch >= options.EarlyStoppingPatience)
                {
                    channel.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}: no better validation accuracy for {options.EarlyStoppingPatience} epochs.");
                    break;
                }
            }
            if (kept is not null && bestEpoch != history.Count)
            {
                trainer.RestoreClassifier(kept.Tensors);
                channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture, $"Keeping epoch {bestEpoch} (validation accuracy {best:P2})."));
            }
            return new Result(history, bestEpoch);
        }
        finally
        {
            kept?.Dispose();
        }
    }

    private sealed class Progress(Action<SslStepEvent> report) : IProgress<SslStepEvent>
    {
        public void Report(SslStepEvent value) => report(value);
    }

    /// <summary>Owns the tensors of a classifier snapshot.</summary>
    private sealed class ClassifierSnapshot(TorchSharp.torch.Tensor[] tensors) : IDisposable
    {
        public TorchSharp.torch.Tensor[] Tensors { get; } = tensors;
        public void Dispose() { foreach (var t in Tensors) t.Dispose(); }
    }
}
