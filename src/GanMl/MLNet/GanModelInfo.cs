namespace GanMl;

/// <summary>What the transformer knows besides the networks: columns, value range and labels.</summary>
internal sealed record GanModelInfo(string FeatureColumn, FeatureScaler Scaler, LabelCodec? Labels, IReadOnlyList<long> ClassCounts);
