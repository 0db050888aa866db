using TorchSharp;

namespace GanMl.Torch;

/// <summary>
/// Runs torch work on one intra-op thread for the lifetime of the scope: the fallback that keeps <c>Deterministic</c>
/// runs reproducible where libtorch does not export its deterministic-oneDNN switch (<see cref="DeterministicOneDnn"/>).
/// OpenMP's thread count is per calling thread, so this affects only the thread that opened the scope.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int previous) => _previous = previous;

    /// <summary>
    /// For a <c>Deterministic</c> run (<paramref name="deterministic"/> true): turns on libtorch's deterministic oneDNN
    /// implementations, or, where that switch is missing, limits torch to one thread. Otherwise does nothing.
    /// </summary>
    public static TorchThreads ForDeterminism(bool deterministic)
    {
        if (!deterministic || DeterministicOneDnn.Enable()) return default;
        int previous = torch.get_num_threads();
        if (previous == 1) return default;
        torch.set_num_threads(1);
        return new TorchThreads(previous);
    }

    public void Dispose()
    {
        if (_previous > 0) torch.set_num_threads(_previous);
    }
}
