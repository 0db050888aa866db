namespace GanMl.Torch;

/// <summary>One step's (or an epoch's mean) losses: labelled cross-entropy, real/generated term, feature matching.</summary>
internal readonly record struct SslLosses(double Classification, double Unsupervised, double FeatureMatching);

/// <summary>Reported after each step.</summary>
internal readonly record struct SslStepEvent(int Epoch, int Step, int Steps, SslLosses Losses);

/// <summary>An epoch's mean losses and wall time.</summary>
internal readonly record struct SslEpochStats(int Epoch, SslLosses Losses, double Seconds);
