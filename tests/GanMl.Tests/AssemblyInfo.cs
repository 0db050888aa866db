using Xunit;

// Test classes run one after another: a test on another thread allocating while torch runs native code can trigger a
// collection that finalizes TorchSharp's implicit Scalars mid-call (docs/training.md, section 1). The suite takes seconds anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
