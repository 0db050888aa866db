namespace GanMl;

/// <summary>
/// Classification accuracy score (CAS, Ravuri &amp; Vinyals 2019): a classifier trained only on a conditional GAN's rows,
/// scored on real rows. It measures how much class information the generated rows carry.
/// </summary>
/// <param name="Accuracy">Micro-accuracy on the real rows.</param>
/// <param name="MacroAccuracy">Mean of the per-class recalls.</param>
/// <param name="PerClassAccuracy">Recall of each class, in <see cref="ClassLabels"/> order.</param>
/// <param name="ClassLabels">The GAN's class labels (its <c>GanTransformer.ClassLabels</c>).</param>
/// <param name="SyntheticRows">Generated rows the classifier was trained on.</param>
/// <param name="RealRows">Real rows it was scored on.</param>
public sealed record ClassificationAccuracyScore(double Accuracy, double MacroAccuracy, IReadOnlyList<double> PerClassAccuracy,
    IReadOnlyList<string> ClassLabels, long SyntheticRows, long RealRows);
