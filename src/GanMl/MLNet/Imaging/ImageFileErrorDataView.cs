using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl.Imaging;

/// <summary>
/// Passes an image-folder data view through and names the image file when reading a row fails. ML.NET's LoadImages
/// reports an undecodable file only as "Invalid input stream contents" (wrapped by its parallel cursors), without a path.
/// A row's position is its index in <c>paths</c>; when ML.NET's parallel workers fail ahead of the cursor, the first file
/// after the current row that does not decode is named.
/// </summary>
internal sealed class ImageFileErrorDataView(IDataView source, IReadOnlyList<string> paths) : IDataView
{
    public bool CanShuffle => false;
    public DataViewSchema Schema => source.Schema;
    public long? GetRowCount() => paths.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), paths);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded)];

    private sealed class Cursor(DataViewRowCursor inner, IReadOnlyList<string> paths) : DataViewRowCursor
    {
        public override long Position => inner.Position;
        public override long Batch => inner.Batch;
        public override DataViewSchema Schema => inner.Schema;
        public override bool MoveNext()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (Exception e) when (IsReadError(e))
            {
                var bad = paths.Skip((int)Math.Max(0, inner.Position + 1)).FirstOrDefault(p => !Decodes(p));
                throw bad is null ? new InvalidDataException($"An image after row {inner.Position} could not be read: {e.InnerException?.Message ?? e.Message}", e) : Error(bad, e);
            }
        }
        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var getter = inner.GetGetter<TValue>(column);
            return (ref TValue value) =>
            {
                try
                {
                    getter(ref value);
                }
                catch (Exception e) when (IsReadError(e))
                {
                    throw Error(inner.Position >= 0 && inner.Position < paths.Count ? paths[(int)inner.Position] : $"row {inner.Position}", e);
                }
            };
        }

        private static bool IsReadError(Exception e) => e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException;

        private static InvalidDataException Error(string file, Exception e) =>
            new($"Image '{file}' could not be read: {(e.InnerException is ArgumentException or IOException ? e.InnerException.Message : e.Message)}", e);

        private static bool Decodes(string path)
        {
            try
            {
                using var image = MLImage.CreateFromFile(path);
                return true;
            }
            catch (Exception e) when (IsReadError(e))
            {
                return false;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
