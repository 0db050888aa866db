using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Builds <see cref="SchemaShape"/> and <see cref="SchemaShape.Column"/> values, whose factories ML.NET keeps internal
/// (third-party estimators need them for <c>GetOutputSchema</c>), and checks the feature columns GanMl reads.
/// </summary>
internal static class SchemaShapes
{
    private const string KnownSizeVector = "Vector<Single> of known size";

    private static readonly ConstructorInfo ColumnConstructor =
        typeof(SchemaShape.Column).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .FirstOrDefault(c => c.GetParameters().Length == 5)
        ?? throw new InvalidOperationException("This ML.NET version's SchemaShape.Column has no (name, kind, type, isKey, annotations) constructor; GanMl does not support it.");

    /// <summary>A column shape, with the given annotation shapes (none by default).</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false, SchemaShape? annotations = null) =>
        (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, itemType, isKey, annotations]);

    /// <summary>The input columns, without any of the same name as <paramref name="added"/>, followed by <paramref name="added"/>.</summary>
    public static SchemaShape With(SchemaShape input, params SchemaShape.Column[] added) =>
        new(input.Where(c => added.All(a => a.Name != c.Name)).Concat(added));

    /// <summary>
    /// The shape of <paramref name="schema"/> through ML.NET's internal <c>SchemaShape.Create</c>. Throws when that is
    /// missing: returning the input shape would hide added columns from the steps after this one.
    /// </summary>
    public static SchemaShape FromSchema(DataViewSchema schema, string methodName = "Create")
    {
        var m = typeof(SchemaShape).GetMethod(methodName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)]);
        return m?.Invoke(null, [schema]) as SchemaShape
            ?? throw new InvalidOperationException($"GetOutputSchema could not build the output schema: ML.NET's internal SchemaShape.{methodName}(DataViewSchema) " +
                "was not found. This ML.NET version is not supported by GanMl.");
    }

    /// <summary>Checks that <paramref name="name"/> is a known-size Vector&lt;Single&gt; in the data; returns its size.</summary>
    /// <param name="schema">The data's schema.</param>
    /// <param name="name">The column.</param>
    /// <param name="paramName">The option or argument that named the column, for the exception.</param>
    /// <param name="note">Appended to the type error, e.g. where the column comes from.</param>
    public static int CheckKnownSizeVector(DataViewSchema schema, string name, string paramName, string note = "")
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(paramName,
                $"Feature column '{name}' was not found in the data; expected {KnownSizeVector}. Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        if (col.Type is not VectorDataViewType v || v.ItemType != NumberDataViewType.Single || !v.IsKnownSize)
            throw new ArgumentOutOfRangeException(paramName, $"Feature column '{name}' has type {col.Type}; expected {KnownSizeVector}{note}.");
        return v.Size;
    }

    /// <summary>The schema-shape form of <see cref="CheckKnownSizeVector(DataViewSchema, string, string, string)"/>, for
    /// <c>GetOutputSchema</c>.</summary>
    public static void CheckKnownSizeVector(SchemaShape shape, string name)
    {
        var col = Find(shape, name)
            ?? throw new ArgumentOutOfRangeException("inputSchema", $"Feature column '{name}' was not found in the input schema; expected {KnownSizeVector}.");
        if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException("inputSchema", $"Feature column '{name}' has type {Describe(col)}; expected {KnownSizeVector}.");
    }

    /// <summary>A column shape as a type name.</summary>
    public static string Describe(SchemaShape.Column c) => c.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => $"{c.ItemType}",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{c.ItemType}>",
        _ => $"Vector<{c.ItemType}> of variable size",
    };

    /// <summary>Finds a column by name.</summary>
    public static SchemaShape.Column? Find(SchemaShape shape, string name) =>
        shape.Where(c => c.Name == name).Select(c => (SchemaShape.Column?)c).LastOrDefault();
}
