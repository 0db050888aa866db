namespace GanMl.Imaging;

/// <summary>One row of an IDX data view (internal: created lazily by <see cref="LazyIdxRows"/>).</summary>
internal sealed class IdxRow
{
    public float[] Pixels = Array.Empty<float>();
    public string Label = string.Empty;
}
