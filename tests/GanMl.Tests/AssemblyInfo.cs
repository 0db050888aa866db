using Xunit;

// Test classes run one after another: a test on another thread allocating while torch runs native code can trigger a
// collection that finalizes TorchSharp's implicit Scalars mid-call (docs/training.md, section 1). The suite takes seconds anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace GanMl.Tests
{
    internal static class TorchFirstUse
    {
        // Some tests call TorchSharp directly; load it through GanMl first so that every test sees the pinned CPU kernels.
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void LoadThroughGanMl()
        {
            try
            {
                GanMl.Torch.TorchRuntime.EnsureLoaded();
            }
            catch (InvalidOperationException)
            {
                // libtorch does not load here: the torch tests report why; the others (ONNX, metrics, docs) still run.
            }
        }
    }
}
