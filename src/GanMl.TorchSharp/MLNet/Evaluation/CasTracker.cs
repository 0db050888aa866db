using GanMl.Torch;
using Microsoft.ML;

namespace GanMl;

/// <summary>Scores the generator in training with CAS and keeps the whole trainer state of the best epoch.</summary>
internal sealed class CasTracker(GanCasMonitor monitor, MulticlassClassificationCatalog catalog, GanTrainer trainer, GanModelInfo info)
{
    private readonly BestCheckpoint _best = new(trainer, higherIsBetter: true, keep: monitor.KeepBestGenerator);

    /// <summary>The CAS of the generator now, when <paramref name="epoch"/> is due; else null.</summary>
    public double? ScoreIfDue(int epoch, int totalEpochs, IReadOnlyList<GanEpochRecord> history)
    {
        if (epoch % monitor.EveryEpochs != 0 && epoch != totalEpochs) return null;
        using var view = new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false);
        double cas = catalog.EvaluateGeneratedRows(view, monitor.RealData!, monitor.Classifier!, monitor.RowsPerClass, monitor.Seed).Accuracy;
        _best.Offer(epoch, cas);
        return cas;
    }

    /// <summary>Puts the highest-CAS epoch's state back; returns its epoch, or null when nothing was kept.</summary>
    public int? RestoreBest() => _best.Restore();
}
