using GanMl.Metrics;

namespace GanMl;

/// <summary>FID (and optionally KID) of a generated set against the reference statistics of a <see cref="FidTransformer"/>.</summary>
public sealed class FidMetrics
{
    internal FidMetrics(FrechetResult fid, KidResult? kid, long referenceCount, long sampleCount)
    {
        Fid = fid.Distance;
        Details = fid;
        Kid = kid?.Mean;
        KidStd = kid?.StandardDeviation;
        ReferenceCount = referenceCount;
        SampleCount = sampleCount;
    }

    /// <summary>Fréchet distance between the Gaussians of the reference and the generated features.</summary>
    public double Fid { get; }

    /// <summary>Kernel inception distance (unbiased MMD^2, cubic kernel), or null when <see cref="FidOptions.ComputeKid"/> is off.</summary>
    public double? Kid { get; }

    /// <summary>Standard deviation of KID over its subsets, or null when KID was not computed.</summary>
    public double? KidStd { get; }

    /// <summary>Rows behind the reference statistics.</summary>
    public long ReferenceCount { get; }

    /// <summary>Rows of the evaluated (generated) data.</summary>
    public long SampleCount { get; }

    /// <summary>The terms of the Fréchet distance and the method used for tr sqrt(S1 S2).</summary>
    public FrechetResult Details { get; }

    /// <inheritdoc />
    public override string ToString() =>
        Kid is null ? $"FID {Fid:G6} (reference {ReferenceCount}, samples {SampleCount})"
                    : $"FID {Fid:G6}, KID {Kid:G4} ± {KidStd:G2} (reference {ReferenceCount}, samples {SampleCount})";
}
