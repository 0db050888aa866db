namespace GanMl;

/// <summary>A progress report: <see cref="IsEpochEnd"/> tells an epoch summary from a step report.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TotalEpochs">Epochs of the run.</param>
/// <param name="Step">1-based generator step over the run.</param>
/// <param name="RowsSeen">Real rows consumed in this epoch so far.</param>
/// <param name="RowsPerEpoch">Real rows per epoch.</param>
/// <param name="DiscriminatorLoss">Discriminator loss (mean over the epoch for epoch reports).</param>
/// <param name="GeneratorLoss">Generator loss.</param>
/// <param name="MeanRealScore">Mean D(x) on real rows.</param>
/// <param name="MeanFakeScore">Mean D(G(z)).</param>
/// <param name="ImagesPerSecond">Real rows per second in this epoch.</param>
/// <param name="IsEpochEnd">True for the summary sent at the end of an epoch.</param>
public sealed record GanProgress(int Epoch, int TotalEpochs, long Step, long RowsSeen, long RowsPerEpoch,
    double DiscriminatorLoss, double GeneratorLoss, double MeanRealScore, double MeanFakeScore, double ImagesPerSecond, bool IsEpochEnd);
