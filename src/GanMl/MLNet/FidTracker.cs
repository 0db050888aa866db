using GanMl.Torch;

namespace GanMl;

/// <summary>Scores the generator in training with FID (and KID when configured) and remembers the whole trainer state of the best epoch.</summary>
internal sealed class FidTracker(GanFidMonitor monitor, FidTransformer reference, GanTrainer trainer, GanModelInfo info)
{
    private double _bestFid = double.PositiveInfinity;
    private int _bestEpoch;
    private byte[]? _bestCheckpoint;

    /// <summary>The FID and KID (KID null unless <see cref="FidOptions.ComputeKid"/>) of the generator now, when <paramref name="epoch"/> is due; else null.</summary>
    public (double Fid, double? Kid)? ScoreIfDue(int epoch, int totalEpochs, IReadOnlyList<GanEpochRecord> history)
    {
        if (epoch % monitor.EveryEpochs != 0 && epoch != totalEpochs) return null;
        using var view = new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false);
        var metrics = reference.Evaluate(view.Generate(monitor.SampleCount, seed: monitor.Seed));
        if (metrics.Fid < _bestFid)
        {
            _bestFid = metrics.Fid;
            _bestEpoch = epoch;
            if (monitor.KeepBestGenerator) _bestCheckpoint = Snapshot();
        }
        return (metrics.Fid, metrics.Kid);
    }

    /// <summary>
    /// Puts the best epoch's checkpoint back (both networks, both Adam states, step counters and noise state, so that the
    /// pair that is saved and generated from is the one that was scored); returns its epoch, or null when nothing changed.
    /// </summary>
    public int? RestoreBest()
    {
        if (!monitor.KeepBestGenerator || _bestCheckpoint is null) return null;
        using var stream = new MemoryStream(_bestCheckpoint);
        trainer.LoadCheckpoint(stream);
        return _bestEpoch;
    }

    private byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}
