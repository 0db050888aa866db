using TorchSharp;

namespace GanMl.Torch;

/// <summary>
/// Runs torch work on one intra-op thread for the lifetime of the scope: some oneDNN convolution kernels are not
/// bit-reproducible across threads on every CPU (docs/training.md, section 1). OpenMP's thread count is per calling
/// thread, so this affects only the thread that opened the scope.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int previous) => _previous = previous;

    /// <summary>Limits torch to one thread when <paramref name="deterministic"/> is true; otherwise does nothing.</summary>
    public static TorchThreads SingleIf(bool deterministic)
    {
        if (!deterministic) return default;
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
