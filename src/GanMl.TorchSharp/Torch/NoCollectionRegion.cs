using System.Runtime;

namespace GanMl.Torch;

/// <summary>
/// Holds off garbage collections while torch runs a step. TorchSharp 0.107 hands implicitly converted <c>Scalar</c>s
/// (in its own Adam step too) to libtorch without keeping them alive, so a collection started by another thread during
/// the native call can finalize one that libtorch is still reading ("Expected false to be true" from
/// <c>Scalar::toFloat</c>; docs/training.md, section 1; dotnet/TorchSharp#1434). A region costs about 0.2–0.7 ms.
/// If other threads allocate more than the budget meanwhile, the runtime collects and the region ends early.
/// </summary>
internal readonly struct NoCollectionRegion : IDisposable
{
    private const long Budget = 16L << 20;
    private readonly bool _started;
    private readonly int _collections;

    private NoCollectionRegion(bool started)
    {
        _started = started;
        _collections = GC.CollectionCount(0);
    }

    /// <summary>Starts a region, unless one is already running (nested, or on another thread).</summary>
    public static NoCollectionRegion Start()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return default;
        try
        {
            return new NoCollectionRegion(GC.TryStartNoGCRegion(Budget, disallowFullBlockingGC: true));
        }
        catch (InvalidOperationException)
        {
            return default; // another thread started one in the meantime
        }
        catch (ArgumentOutOfRangeException)
        {
            return default; // the budget is larger than this GC allows (a segments GC under a heap hard limit)
        }
    }

    public void Dispose()
    {
        // Any collection since the start ended this region; a region running now is someone else's.
        if (!_started || GC.CollectionCount(0) != _collections || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region already ended: a collection ran because the budget was used up.
        }
    }
}
