namespace GanMl.Torch;

/// <summary>Losses and discriminator outputs averaged over some training steps.</summary>
internal readonly record struct GanStepStats(double DiscriminatorLoss, double GeneratorLoss, double MeanRealScore, double MeanFakeScore);

/// <summary>What the trainer reports after each generator step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Step">1-based generator step over the whole run.</param>
/// <param name="Stats">This step's losses and mean D(x), D(G(z)).</param>
/// <param name="RowsSeen">Real rows consumed so far in this epoch.</param>
/// <param name="ImagesPerSecond">Real rows per second over this epoch so far.</param>
internal readonly record struct GanStepEvent(int Epoch, long Step, GanStepStats Stats, long RowsSeen, double ImagesPerSecond);

/// <summary>Per-epoch summary.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Stats">Means over the epoch's steps.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="ImagesPerSecond">Real rows per second.</param>
internal readonly record struct GanEpochStats(int Epoch, GanStepStats Stats, double Seconds, double ImagesPerSecond);
