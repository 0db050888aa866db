using GanMl.Torch;

namespace GanMl;

/// <summary>Scores the generator in training with FID (and KID when configured) and keeps the whole trainer state of the best epoch.</summary>
internal sealed class FidTracker(GanFidMonitor monitor, FidTransformer reference, GanTrainer trainer, GanModelInfo info)
{
    private readonly BestCheckpoint _best = new(trainer, higherIsBetter: false, keep: monitor.KeepBestGenerator);

    /// <summary>The FID and KID (KID null unless <see cref="FidOptions.ComputeKid"/>) of the generator now, when <paramref name="epoch"/> is due;
    /// else null.</summary>
    public (double Fid, double? Kid)? ScoreIfDue(int epoch, int totalEpochs, IReadOnlyList<GanEpochRecord> history)
    {
        if (epoch % monitor.EveryEpochs != 0 && epoch != totalEpochs) return null;
        using var view = new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false);
        var metrics = reference.Evaluate(view.Generate(monitor.SampleCount, seed: monitor.Seed));
        _best.Offer(epoch, metrics.Fid);
        return (metrics.Fid, metrics.Kid);
    }

    /// <summary>Puts the lowest-FID epoch's state back; returns its epoch, or null when nothing was kept.</summary>
    public int? RestoreBest() => _best.Restore();
}
