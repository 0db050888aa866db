using Microsoft.ML;

namespace GanMl;

/// <summary>The resolved training columns of one data view.</summary>
internal sealed record TrainingColumns(DataViewSchema.Column Feature, int FeatureSize, DataViewSchema.Column? Label, LabelKind? LabelKind)
{
    /// <summary>Finds and checks the columns; throws naming the column and what was expected.</summary>
    public static TrainingColumns Resolve(DataViewSchema schema, string featureColumn, string? labelColumn, ImageShape? shape)
    {
        int size = SchemaShapes.CheckKnownSizeVector(schema, featureColumn, nameof(featureColumn));
        var feature = schema[featureColumn];
        if (shape is not null && shape.Size != size)
            throw new ArgumentException($"ImageShape {shape} holds {shape.Size} values but feature column '{featureColumn}' has {size}.", "ImageShape");
        if (labelColumn is null) return new TrainingColumns(feature, size, null, null);
        var label = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"Label column '{labelColumn}' was not found. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        return new TrainingColumns(feature, size, label, LabelCodec.KindOf(label));
    }
}
