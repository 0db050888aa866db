using GanMl.Torch;

namespace GanMl;

/// <summary>
/// The whole trainer state (both networks, the generator average, both Adam states, counters, noise) of the epoch with the
/// best monitored score, so that the pair that is saved and generated from is the one that was scored.
/// </summary>
internal sealed class BestCheckpoint(GanTrainer trainer, bool higherIsBetter, bool keep)
{
    private double _best = higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
    private int _epoch;
    private byte[]? _state;

    /// <summary>Records <paramref name="score"/> of <paramref name="epoch"/>, and the trainer state when it is the best so far.</summary>
    public void Offer(int epoch, double score)
    {
        if (!(higherIsBetter ? score > _best : score < _best)) return;
        _best = score;
        _epoch = epoch;
        if (!keep) return;
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        _state = stream.ToArray();
    }

    /// <summary>Puts the best epoch's state back; returns its epoch, or null when nothing was kept.</summary>
    public int? Restore()
    {
        if (_state is null) return null;
        using var stream = new MemoryStream(_state);
        trainer.LoadCheckpoint(stream);
        return _epoch;
    }
}
