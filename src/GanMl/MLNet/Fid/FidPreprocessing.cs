using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GanMl;

/// <summary>
/// Lazily adds the ONNX model's input column to a data view: pytorch-fid's preprocessing of an image column or a
/// planar pixel vector column (grayscale repeated to 3 channels, bilinear resize to S x S with align_corners=False,
/// values scaled to [-1, 1]). All other columns pass through unchanged, so the view is row-to-row.
/// </summary>
internal static class FidPreprocessing
{
    /// <summary>The source rows plus the model input column, computed lazily.</summary>
    public static IDataView Apply(IDataView source, FidOptions options)
    {
        var (index, isImage) = CheckInputColumn(source.Schema, options);
        return new AddedColumnDataView<VBuffer<float>>(source, BuildSchema(source.Schema, options), [source.Schema[index].Name],
            row => new RowPreprocessor(row, options, index, isImage).Compute,
            (in VBuffer<float> value, ref VBuffer<float> destination) => value.CopyTo(ref destination));
    }

    /// <summary>Validates the input column: an image, or Vector&lt;Single&gt; of size C x H x W.</summary>
    public static (int Index, bool IsImage) CheckInputColumn(DataViewSchema schema, FidOptions o)
    {
        string name = o.InputColumnName!;
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(FidOptions.InputColumnName), $"Input column '{name}' (FidOptions.InputColumnName) was not found in the data. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        if (col.Type is ImageDataViewType) return (col.Index, true);
        long expected = (long)o.PixelChannels * o.PixelHeight * o.PixelWidth;
        if (col.Type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single)
        {
            if (o.PixelChannels is not (1 or 3) || o.PixelHeight < 1 || o.PixelWidth < 1)
                throw new ArgumentException($"Input column '{name}' is a pixel vector, so FidOptions.PixelChannels (1 or 3), PixelHeight and PixelWidth must describe it; got {o.PixelChannels}x{o.PixelHeight}x{o.PixelWidth}.", nameof(FidOptions.PixelHeight));
            if (v.IsKnownSize && v.Size != expected)
                throw new ArgumentException($"Input column '{name}' has {v.Size} values per row but FidOptions describe {o.PixelChannels}x{o.PixelHeight}x{o.PixelWidth} = {expected}.", nameof(FidOptions.InputColumnName));
            return (col.Index, false);
        }
        throw new ArgumentException($"Input column '{name}' has type {col.Type}; expected an image (ImageDataViewType, from LoadImages) or a pixel vector Vector<Single> of size C x H x W.", nameof(FidOptions.InputColumnName));
    }

    public static DataViewSchema BuildSchema(DataViewSchema source, FidOptions o) =>
        AddedColumnDataView<VBuffer<float>>.SchemaWith(source, o.OnnxInputName, new VectorDataViewType(NumberDataViewType.Single, o.ModelInputChannels, o.InputSize, o.InputSize));

    /// <summary>Preprocesses the current row of one cursor, reusing its buffers.</summary>
    private sealed class RowPreprocessor
    {
        private readonly DataViewRow _row;
        private readonly FidOptions _options;
        private readonly ValueGetter<VBuffer<float>>? _vecGetter;
        private readonly ValueGetter<MLImage>? _imgGetter;
        private readonly float[] _out;
        private readonly float[][] _planes = new float[3][];
        private VBuffer<float> _srcVec;
        private float[]? _dense;
        private float[]? _gray;
        private MLImage? _img;
        private (int, int, (int[], int[], float[]), (int[], int[], float[]))? _axes;

        public RowPreprocessor(DataViewRow row, FidOptions options, int sourceColumn, bool isImage)
        {
            _row = row;
            _options = options;
            _out = new float[options.ModelInputChannels * options.InputSize * options.InputSize];
            var column = row.Schema[sourceColumn];
            if (isImage) _imgGetter = row.GetGetter<MLImage>(column);
            else _vecGetter = row.GetGetter<VBuffer<float>>(column);
        }

        public void Compute(ref VBuffer<float> destination)
        {
            Preprocess();
            var editor = VBufferEditor.Create(ref destination, _out.Length);
            _out.AsSpan().CopyTo(editor.Values);
            destination = editor.Commit();
        }

        private void Preprocess()
        {
            var o = _options;
            int channels, h, w;
            float min, max;
            if (_imgGetter != null)
            {
                _imgGetter(ref _img!);
                if (_img == null) throw new InvalidOperationException($"Row {_row.Position}: image column '{o.InputColumnName}' holds no image.");
                h = _img.Height; w = _img.Width; channels = 3; min = 0; max = 255;
                var px = _img.Pixels;
                int bpp = _img.BitsPerPixel / 8;
                (int r, int g, int b) = _img.PixelFormat == MLPixelFormat.Bgra32 ? (2, 1, 0) : (0, 1, 2);
                for (int c = 0; c < 3; c++)
                    if (_planes[c] == null || _planes[c].Length != h * w) _planes[c] = new float[h * w];
                for (int i = 0; i < h * w; i++)
                {
                    _planes[0][i] = px[i * bpp + r];
                    _planes[1][i] = px[i * bpp + g];
                    _planes[2][i] = px[i * bpp + b];
                }
            }
            else
            {
                _vecGetter!(ref _srcVec);
                channels = o.PixelChannels; h = o.PixelHeight; w = o.PixelWidth; min = o.PixelMinValue; max = o.PixelMaxValue;
                if (_srcVec.Length != channels * h * w)
                    throw new InvalidOperationException($"Row {_row.Position}: pixel column '{o.InputColumnName}' has {_srcVec.Length} values; expected {channels}x{h}x{w} = {channels * h * w}.");
                if (_dense == null || _dense.Length != _srcVec.Length) _dense = new float[_srcVec.Length];
                _srcVec.CopyTo(_dense);
                for (int c = 0; c < channels; c++)
                {
                    if (_planes[c] == null || _planes[c].Length != h * w) _planes[c] = new float[h * w];
                    Array.Copy(_dense, c * h * w, _planes[c], 0, h * w);
                }
            }
            // Channel adaptation: grayscale repeated to 3 channels (pytorch-fid converts images to RGB);
            // colour to 1 channel via ITU-R 601 luma (PIL's "L" conversion).
            int s = o.InputSize;
            if (_axes is not { } ax || ax.Item1 != h || ax.Item2 != w)
            {
                _axes = (h, w, BilinearResize.Axis(h, s), BilinearResize.Axis(w, s));
                ax = _axes.Value;
            }
            float scale = 2f / (max - min);
            if (_gray == null || _gray.Length != h * w) _gray = new float[h * w];
            var plane = _gray;
            for (int c = 0; c < o.ModelInputChannels; c++)
            {
                float[] srcPlane;
                if (o.ModelInputChannels == channels) srcPlane = _planes[c];
                else if (channels == 1) srcPlane = _planes[0];
                else
                {
                    for (int i = 0; i < h * w; i++) plane[i] = 0.299f * _planes[0][i] + 0.587f * _planes[1][i] + 0.114f * _planes[2][i];
                    srcPlane = plane;
                }
                var dst = _out.AsSpan(c * s * s, s * s);
                BilinearResize.Plane(srcPlane, h, w, dst, s, s, ax.Item3, ax.Item4);
                for (int i = 0; i < dst.Length; i++)
                {
                    float v = dst[i];
                    if (!float.IsFinite(v)) throw new InvalidOperationException($"Row {_row.Position}: pixel column '{o.InputColumnName}' holds a non-finite value.");
                    dst[i] = (v - min) * scale - 1f;
                }
            }
        }
    }
}
