using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>Copies of a network's weights and buffers, for undoing a step and for starting the averaged generator.</summary>
internal static class NetworkState
{
    /// <summary>Detached copies of every buffer (BatchNorm running statistics) of <paramref name="networks"/>, in order.</summary>
    public static Tensor[] SnapshotBuffers(params GanNetwork[] networks) =>
        networks.SelectMany(n => n.buffers()).Select(b => b.detach().clone()).ToArray();

    /// <summary>Writes what <see cref="SnapshotBuffers"/> took back into the same networks.</summary>
    public static void RestoreBuffers(Tensor[] saved, params GanNetwork[] networks)
    {
        using var noGrad = no_grad();
        foreach (var (buffer, value) in networks.SelectMany(n => n.buffers()).Zip(saved)) buffer.copy_(value);
    }

    /// <summary>Copies the parameters and buffers of <paramref name="from"/> into <paramref name="to"/>, a network of the same spec.</summary>
    public static void CopyWeights(GanNetwork from, GanNetwork to)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in to.parameters().Zip(from.parameters())) target.copy_(source);
        foreach (var (target, source) in to.buffers().Zip(from.buffers())) target.copy_(source);
    }
}
