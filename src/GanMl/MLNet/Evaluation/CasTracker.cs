using GanMl.Torch;
using Microsoft.ML;

namespace GanMl;

/// <summary>Scores the generator in training with CAS and keeps the whole checkpoint (both networks, EMA, optimisers) of the best epoch.</summary>
internal sealed class CasTracker(GanCasMonitor monitor, MLContext context, GanTrainer trainer, GanModelInfo info)
{
    private double _best = double.NegativeInfinity;
    private int _bestEpoch;
    private byte[]? _bestCheckpoint;

    /// <summary>The CAS of the generator now, when <paramref name="epoch"/> is due; else null.</summary>
    public double? ScoreIfDue(int epoch, int totalEpochs, IReadOnlyList<GanEpochRecord> history)
    {
        if (epoch % monitor.EveryEpochs != 0 && epoch != totalEpochs) return null;
        using var view = new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false);
        double cas = context.MulticlassClassification.EvaluateGeneratedRows(view, monitor.RealData!, monitor.Classifier!, monitor.RowsPerClass, monitor.Seed).Accuracy;
        if (cas > _best)
        {
            _best = cas;
            _bestEpoch = epoch;
            if (monitor.KeepBestGenerator)
            {
                using var stream = new MemoryStream();
                trainer.SaveCheckpoint(stream);
                _bestCheckpoint = stream.ToArray();
            }
        }
        return cas;
    }

    /// <summary>Puts the best epoch's checkpoint back; returns its epoch, or null when nothing was kept.</summary>
    public int? RestoreBest()
    {
        if (_bestCheckpoint is null) return null;
        using var stream = new MemoryStream(_bestCheckpoint);
        trainer.LoadCheckpoint(stream);
        return _bestEpoch;
    }
}
