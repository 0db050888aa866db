using GanMl;

namespace Microsoft.ML;

/// <summary>GanMl's extensions of <see cref="MulticlassClassificationCatalog"/>: how much class information generated rows carry.</summary>
public static class GanEvaluationCatalog
{
    /// <summary>
    /// Trains <paramref name="classifier"/> on <paramref name="rowsPerClass"/> generated rows of every class of the conditional
    /// <paramref name="gan"/>, then scores it on <paramref name="realData"/>: the classification accuracy score (CAS).
    /// Compare it with the same classifier trained on real rows.
    /// </summary>
    /// <param name="catalog">The multiclass catalog.</param>
    /// <param name="gan">A conditional GAN.</param>
    /// <param name="realData">Real rows with the GAN's feature column and its label column, of the type it was trained on (e.g. a key).</param>
    /// <param name="classifier">Fitted on the generated feature and label columns; it must produce ML.NET's multiclass score columns.</param>
    /// <param name="rowsPerClass">Generated rows per class.</param>
    /// <param name="seed">Seed of the generated rows; null uses the GAN's training seed.</param>
    public static ClassificationAccuracyScore EvaluateGeneratedRows(this MulticlassClassificationCatalog catalog, GanTransformer gan, IDataView realData,
        IEstimator<ITransformer> classifier, int rowsPerClass = 1000, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(gan);
        ArgumentNullException.ThrowIfNull(realData);
        ArgumentNullException.ThrowIfNull(classifier);
        if (!gan.IsConditional) throw new ArgumentException("CAS needs a conditional GAN (trained with LabelColumnName).", nameof(gan));
        if (rowsPerClass < 1) throw new ArgumentOutOfRangeException(nameof(rowsPerClass), rowsPerClass, "rowsPerClass must be positive.");
        string label = gan.LabelColumnName!;
        var realLabel = realData.Schema.GetColumnOrNull(label)
            ?? throw new ArgumentOutOfRangeException(nameof(realData), $"Label column '{label}' was not found in the real rows.");
        if (realData.Schema.GetColumnOrNull(gan.FeatureColumnName) is null)
            throw new ArgumentOutOfRangeException(nameof(realData), $"Feature column '{gan.FeatureColumnName}' was not found in the real rows.");
        var trained = Enumerable.Range(0, gan.ClassLabels.Count).Select(c => gan.ClassCounts[c] > 0 ? rowsPerClass : 0).ToArray();
        var synthetic = gan.GeneratePerClass(trained, seed);
        if (!synthetic.Schema[label].Type.Equals(realLabel.Type))
            throw new ArgumentOutOfRangeException(nameof(realData), $"Label column '{label}' of the real rows has type {realLabel.Type}; the GAN generates {synthetic.Schema[label].Type}.");
        var model = classifier.Fit(synthetic);
        var metrics = catalog.Evaluate(model.Transform(realData), label);
        return new ClassificationAccuracyScore(metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.ConfusionMatrix.PerClassRecall,
            gan.ClassLabels, trained.Sum(), realData.GetRowCount() ?? metrics.ConfusionMatrix.Counts.Sum(r => (long)r.Sum()));
    }
}
