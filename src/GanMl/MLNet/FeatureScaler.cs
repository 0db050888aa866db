namespace GanMl;

/// <summary>Maps feature values between their data range and the [-1, 1] range the networks use.</summary>
internal sealed record FeatureScaler(float Min, float Max)
{
    public void ToNetwork(Span<float> values)
    {
        float scale = 2f / (Max - Min);
        for (int i = 0; i < values.Length; i++) values[i] = (values[i] - Min) * scale - 1f;
    }

    public void FromNetwork(Span<float> values)
    {
        float scale = (Max - Min) / 2f;
        for (int i = 0; i < values.Length; i++) values[i] = Math.Clamp((values[i] + 1f) * scale + Min, Min, Max);
    }
}
