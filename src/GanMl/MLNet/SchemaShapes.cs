using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>
/// Builds <see cref="SchemaShape.Column"/> values, whose constructor ML.NET keeps internal; third-party estimators
/// need them for <c>GetOutputSchema</c>.
/// </summary>
internal static class SchemaShapes
{
    private static readonly ConstructorInfo ColumnConstructor =
        typeof(SchemaShape.Column).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .FirstOrDefault(c => c.GetParameters().Length == 5)
        ?? throw new InvalidOperationException("This ML.NET version's SchemaShape.Column has no (name, kind, type, isKey, annotations) constructor; GanMl does not support it.");

    /// <summary>A column shape with no annotations.</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false) =>
        (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, itemType, isKey, null]);

    /// <summary>The input columns, without any of the same name as <paramref name="added"/>, followed by <paramref name="added"/>.</summary>
    public static SchemaShape With(SchemaShape input, params SchemaShape.Column[] added) =>
        new(input.Where(c => added.All(a => a.Name != c.Name)).Concat(added));

    /// <summary>Finds a column by name.</summary>
    public static SchemaShape.Column? Find(SchemaShape shape, string name) =>
        shape.Where(c => c.Name == name).Select(c => (SchemaShape.Column?)c).LastOrDefault();
}
