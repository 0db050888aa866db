using GanMl.Torch;

namespace GanMl;

/// <summary>Scores the generator in training with FID and remembers the best generator weights.</summary>
internal sealed class FidTracker(GanFidMonitor monitor, FidTransformer reference, GanTrainer trainer, GanModelInfo info)
{
    private double _bestFid = double.PositiveInfinity;
    private int _bestEpoch;
    private byte[]? _bestGenerator;

    /// <summary>The FID of the generator now, when <paramref name="epoch"/> is due; else null.</summary>
    public double? ScoreIfDue(int epoch, int totalEpochs, IReadOnlyList<GanEpochRecord> history)
    {
        if (epoch % monitor.EveryEpochs != 0 && epoch != totalEpochs) return null;
        using var view = new GanTransformer(trainer, info, history.ToArray(), ownsTrainer: false);
        double fid = reference.Evaluate(view.Generate(monitor.SampleCount, monitor.Seed)).Fid;
        if (fid < _bestFid)
        {
            _bestFid = fid;
            _bestEpoch = epoch;
            if (monitor.KeepBestGenerator) _bestGenerator = Snapshot();
        }
        return fid;
    }

    /// <summary>Puts the best generator back when it is not the current one; returns its epoch, or null when nothing changed.</summary>
    public int? RestoreBest()
    {
        if (!monitor.KeepBestGenerator || _bestGenerator is null) return null;
        using var stream = new MemoryStream(_bestGenerator);
        using var reader = new BinaryReader(stream);
        trainer.Generator.load(reader);
        return _bestEpoch;
    }

    private byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) trainer.Generator.save(writer);
        return stream.ToArray();
    }
}
