namespace GanMl.Torch;

/// <summary>
/// What every training step, generation and scoring call wraps around its torch work: libtorch's deterministic mode
/// (or one thread where it is missing) when <c>Deterministic</c> is on, and a no-GC region so that no finalizer can
/// free a TorchSharp Scalar that libtorch still reads (docs/training.md, sections 1 and 7).
/// </summary>
internal readonly struct NativeStep : IDisposable
{
    private readonly TorchThreads _threads;
    private readonly NoCollectionRegion _region;

    private NativeStep(TorchThreads threads, NoCollectionRegion region)
    {
        _threads = threads;
        _region = region;
    }

    public static NativeStep Enter(bool deterministic) => new(TorchThreads.ForDeterminism(deterministic), NoCollectionRegion.Start());

    public void Dispose()
    {
        _region.Dispose();
        _threads.Dispose();
    }
}
