namespace GanMl;

/// <summary>
/// The planar C×H×W layout of generated images stored as flat vectors (the layout ML.NET's ExtractPixels produces), as
/// recorded by <c>GanTransformer.ExportOnnx</c> for image models.
/// </summary>
/// <param name="Channels">Number of channels: 1 (grayscale) or 3 (RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public readonly record struct OnnxImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The shape as "C×H×W".</summary>
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
