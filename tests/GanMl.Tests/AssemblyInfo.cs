using Xunit;

// Test classes run one after another: a test on another thread allocating while torch runs native code can trigger a
// collection that finalizes TorchSharp's implicit Scalars mid-call (see BatchReader). The suite takes seconds anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
