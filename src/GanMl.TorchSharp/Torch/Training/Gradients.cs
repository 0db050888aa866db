using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanMl.Torch;

/// <summary>Checks on the gradients a backward pass left.</summary>
internal static class Gradients
{
    /// <summary>True when every gradient value is finite: one reduction, since a sum is finite only when every term is.</summary>
    public static bool AreFinite(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        var sums = parameters.Where(p => p.grad is not null).Select(p => p.grad!.sum()).ToArray();
        return sums.Length == 0 || float.IsFinite(stack(sums).sum().item<float>());
    }
}
