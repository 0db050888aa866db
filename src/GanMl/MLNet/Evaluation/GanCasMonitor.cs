using Microsoft.ML;

namespace GanMl;

/// <summary>
/// Scores a conditional generator with the classification accuracy score (CAS) every few epochs during
/// <c>GanEstimator.Fit</c>: <see cref="Classifier"/> is trained on generated rows of every class and scored on
/// <see cref="RealData"/>. The scores go into <see cref="GanEpochRecord.Cas"/>; with <see cref="KeepBestGenerator"/> the
/// fitted GAN is the whole checkpoint of the epoch with the highest CAS.
/// </summary>
public sealed record GanCasMonitor
{
    /// <summary>Real rows with the GAN's feature and label columns (label of the training type). Use rows the GAN does not train on.</summary>
    public IDataView? RealData { get; init; }
    /// <summary>Fitted on generated rows; must produce ML.NET's multiclass score columns for the label column.</summary>
    public IEstimator<ITransformer>? Classifier { get; init; }
    /// <summary>Evaluate after every this many epochs (and always after the last). Default 10.</summary>
    public int EveryEpochs { get; init; } = 10;
    /// <summary>Generated rows per class per evaluation. Default 200.</summary>
    public int RowsPerClass { get; init; } = 200;
    /// <summary>Seed of the generated rows, the same at every evaluation so that scores are comparable.</summary>
    public int Seed { get; init; } = 30_000;
    /// <summary>When true (default), the fitted GAN is the checkpoint of the epoch with the highest CAS, not the last one.</summary>
    public bool KeepBestGenerator { get; init; } = true;

    internal void Validate()
    {
        if (RealData is null) throw new ArgumentException("GanCasMonitor.RealData must be set to the real rows CAS is scored on.", nameof(RealData));
        if (Classifier is null) throw new ArgumentException("GanCasMonitor.Classifier must be set to the estimator trained on generated rows.", nameof(Classifier));
        if (EveryEpochs < 1) throw new ArgumentException($"GanCasMonitor.EveryEpochs must be positive, got {EveryEpochs}.", nameof(EveryEpochs));
        if (RowsPerClass < 1) throw new ArgumentException($"GanCasMonitor.RowsPerClass must be positive, got {RowsPerClass}.", nameof(RowsPerClass));
    }
}
