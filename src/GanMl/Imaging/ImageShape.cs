namespace GanMl;

/// <summary>The planar C×H×W layout of an image stored as a flat vector (the layout ExtractPixels produces).</summary>
public sealed record ImageShape
{
    /// <summary>Creates a shape.</summary>
    /// <param name="channels">Number of channels: 1 (grayscale) or 3 (RGB).</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    public ImageShape(int channels, int height, int width)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "ImageShape channels must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "ImageShape height must be positive.");
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "ImageShape width must be positive.");
        Channels = channels; Height = height; Width = width;
    }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Number of values in one image: C·H·W.</summary>
    public int Size => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
