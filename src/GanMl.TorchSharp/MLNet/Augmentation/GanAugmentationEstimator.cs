using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>
/// An estimator chain with a GAN augmentation step. <see cref="Fit"/> fits the steps before the augmentation, trains a GAN on
/// their output, and fits the steps appended after it on the real rows plus synthetic ones. The fitted model holds only the
/// earlier and later transformers, so scoring never adds rows and the model saves and loads like any ML.NET model.
/// The steps after the augmentation are fitted on the feature and label columns only, since synthetic rows have no others.
/// </summary>
/// <typeparam name="TLastTransformer">The transformer type of the last step, as in <see cref="EstimatorChain{TLastTransformer}"/>.</typeparam>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// To create this estimator, use [AppendGanAugmentation](xref:Microsoft.ML.GanAugmentationCatalog.AppendGanAugmentation*).
///
/// ### Input and output columns
/// The augmentation reads the output of the steps before it. The steps after it see only the two columns below, for the
/// real rows plus synthetic ones, and the weight column when `GanAugmentationOptions.WeightColumnName` is set.
///
/// | Column | Column type | Description |
/// | -- | -- | -- |
/// | `FeatureColumnName` | Known-size vector of <xref:System.Single> | The rows the GAN imitates; synthetic rows keep its size and value range. |
/// | `LabelColumnName` | Key, text, boolean or numeric scalar | The class of each row; unlabelled rows train the GAN only. |
/// | `WeightColumnName` (optional) | <xref:System.Single> | 1 for real rows, `SyntheticRowWeight` for synthetic ones. |
///
/// The fitted model holds only the transformers before and after the augmentation, so scoring passes rows through unchanged.
/// When the chain ends in a classification trainer, validation on a stratified holdout decides how many synthetic rows to
/// add, or none: see `GanAugmentationOptions.ValidateAugmentation` and `LastFitReport`.
///
/// ### Estimator characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes: it trains a GAN, and with validation a trainer per candidate |
/// | Input column data type | Known-size vector of <xref:System.Single>; scalar label |
/// | Output column data type | The fitted chain's, without synthetic rows at scoring time |
/// | Required NuGet in addition to Microsoft.ML | GanMl.TorchSharp (TorchSharp-cpu) |
/// | Exportable to ONNX | The fitted chain has no GanMl step, so it exports as its own transformers do |
/// ]]></format>
/// </remarks>
public sealed class GanAugmentationEstimator<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IDisposable
    where TLastTransformer : class, ITransformer
{
    private readonly IHostEnvironment _environment;
    private readonly IEstimator<ITransformer> _before;
    private readonly IReadOnlyList<IEstimator<ITransformer>> _after;

    // Shared by every estimator that Append derives from the same AppendGanAugmentation call, so the results of the
    // latest Fit can be read from any of them, not only from the one Fit was called on.
    private readonly AugmentationFitResults _results;

    internal GanAugmentationEstimator(IHostEnvironment environment, IEstimator<ITransformer> before, GanAugmentationOptions options, IReadOnlyList<IEstimator<ITransformer>> after, AugmentationFitResults? results = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _results = results ?? new AugmentationFitResults();
        _environment = environment;
        _before = before;
        // A copy (with its own GanOptions), as GanEstimator keeps: later edits of the caller's object cannot bypass validation.
        Options = options with { Gan = options.Gan with { } };
        Options.Validate();
        _after = after;
    }

    /// <summary>The augmentation settings (a validated copy of the ones the step was created with).</summary>
    public GanAugmentationOptions Options { get; }

    /// <summary>
    /// The GAN trained by the latest <see cref="Fit"/>, or null before the first. The estimator owns it: the next Fit
    /// (e.g. the next cross-validation fold) and <see cref="Dispose"/> release it, so save it (or take its history) before then.
    /// </summary>
    public GanTransformer? FittedGan { get => _results.Gan; private set => _results.Gan = value; }

    /// <summary>Rows the later steps were fitted on in the latest <see cref="Fit"/>: real and synthetic.</summary>
    public (long Real, long Synthetic) LastFitRowCounts { get => _results.RowCounts; private set => _results.RowCounts = value; }

    /// <summary>What the latest <see cref="Fit"/> decided (amount and weight of synthetic rows, validation figures), or null before the
    /// first.</summary>
    public GanAugmentationReport? LastFitReport { get => _results.Report; private set => _results.Report = value; }

    /// <summary>Appends a step that is fitted on real + synthetic rows.</summary>
    public GanAugmentationEstimator<TNewTransformer> Append<TNewTransformer>(IEstimator<TNewTransformer> estimator)
        where TNewTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new GanAugmentationEstimator<TNewTransformer>(_environment, _before, Options, [.. _after, estimator], _results);
    }

    /// <summary>
    /// Fits the earlier steps, the GAN, and the later steps on real + synthetic rows; returns the earlier and later transformers only.
    /// With validated augmentation (see <see cref="GanAugmentationOptions.ValidateAugmentation"/>) the amount and weight of
    /// synthetic rows are chosen on held-out real rows first, and may be none.
    /// </summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var channel = _environment.Register("GanAugmentation").Start("Augmenting");
        var earlier = _before.Fit(input);
        var real = earlier.Transform(input);
        var metric = ValidationMetric();
        var split = Options.LabelColumnName is { } label
            ? StratifiedHoldout.Make(real, label, metric is null ? 0 : Options.ValidationFraction, Seed)
            : null;
        // The GAN learns from every row (labelled or not) that is not held out.
        var ganRows = split is null || split.HoldoutCount == 0 ? real : RepeatedRowsDataView.Mask(real, split.Holdout.Select(h => !h).ToArray());
        // Each Fit trains a new GAN: release the previous one's native networks rather than leak one per fold.
        FittedGan?.Dispose();
        FittedGan = null;
        var gan = new GanEstimator(_environment, Options.GanSettings()).Fit(ganRows);
        FittedGan = gan;

        var columns = Options.LabelColumnName is null ? new[] { Options.FeatureColumnName } : [Options.FeatureColumnName, Options.LabelColumnName];
        var selected = MLContextAccess.Transforms(_environment).SelectColumns(columns).Fit(real).Transform(real);
        // The later steps see labelled real rows only: rows without a label taught the GAN alone.
        var labelled = split is null ? selected : RepeatedRowsDataView.Mask(selected, split.Labelled);
        long labelledRows = CountRows(labelled);

        // A fixed SyntheticRowCount is the same amount as that many rows per labelled real row.
        double ratio = Options.SyntheticRowCount is { } count ? (labelledRows == 0 ? 0 : (double)count / labelledRows) : Options.SyntheticRowsPerRealRow;
        float weight = Options.SyntheticRowWeight;
        double share = Options.OversampledRowShare ?? 0;
        GanAugmentationReport report;
        if (metric is { } m && split is { HoldoutCount: > 0 })
        {
            var training = RepeatedRowsDataView.Mask(selected, split.Training);
            var holdout = WithWeight(RepeatedRowsDataView.Mask(selected, split.Holdout), 1f);
            long trainingRows = CountRows(training);
            var correct = new Dictionary<(double, float, double), bool[]>();
            double Score(double r, float w, double s)
            {
                var scored = FitLater(training, trainingRows, gan, r, w, s, columns, out _).Transform(holdout);
                if (m.Correct is { } rows) correct[(r, w, s)] = rows(scored);
                return m.Score(scored);
            }
            double realOnly = Score(0, 1f, 0);
            var candidates = (from r in Options.RatioCandidates(ratio) from w in Options.WeightCandidates() from s in Options.ShareCandidates()
                              select new GanAugmentationCandidate(r, w, Score(r, w, s), s)).ToList();
            var best = candidates.OrderByDescending(c => c.Metric).ThenBy(c => c.SyntheticRowsPerRealRow).First();
            bool use = best.Metric > realOnly + Options.MinimumValidationGain
                && (m.Correct is null || ValidationScorer.ClearlyBetter(correct[(best.SyntheticRowsPerRealRow, best.SyntheticRowWeight, best.OversampledRowShare)], correct[(0, 1f, 0)]));
            (ratio, weight, share) = use ? (best.SyntheticRowsPerRealRow, best.SyntheticRowWeight, best.OversampledRowShare) : (0, 1f, 0);
            foreach (var c in candidates)
                channel.Info(MessageSensitivity.None, $"Validation: {c.SyntheticRowsPerRealRow} added rows per real row, weight {c.SyntheticRowWeight}, {c.OversampledRowShare:P0} oversampled real rows: {m.Name} {c.Metric:F4} (real rows only: {realOnly:F4}).");
            report = new GanAugmentationReport(true, ratio, weight, m.Name, realOnly, use ? best.Metric : realOnly, candidates, trainingRows, split.HoldoutCount, 0, share);
        }
        else
            report = new GanAugmentationReport(false, ratio, weight, metric?.Name ?? "", double.NaN, double.NaN, [], labelledRows, 0, 0, share);

        var model = FitLater(labelled, labelledRows, gan, ratio, weight, share, columns, out long syntheticRows, earlier);
        LastFitRowCounts = (labelledRows, syntheticRows);
        LastFitReport = report with { SyntheticRows = syntheticRows };
        channel.Info(MessageSensitivity.None, LastFitReport.ToString());
        // Last, so that a callback that saves and disposes the GAN cannot break generation.
        Options.GanFitted?.Invoke(gan);
        return model;
    }

    /// <summary>Releases <see cref="FittedGan"/>'s native networks.</summary>
    public void Dispose()
    {
        FittedGan?.Dispose();
        FittedGan = null;
    }

    /// <summary>The schema the fitted chain produces: the earlier steps' output passed through the later steps.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var shape = _before.GetOutputSchema(inputSchema);
        new GanEstimator(_environment, Options.GanSettings()).GetOutputSchema(shape);
        // The later steps see only the feature and label columns (synthetic rows have no others).
        var kept = new[] { Options.FeatureColumnName, Options.LabelColumnName };
        shape = new SchemaShape(shape.Where(c => kept.Contains(c.Name)));
        if (Options.WeightColumnName is { } weight)
            shape = SchemaShapes.With(shape, SchemaShapes.Column(weight, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single));
        foreach (var step in _after) shape = step.GetOutputSchema(shape);
        return shape;
    }

    /// <summary>The seed of the holdout split, the shuffle and the synthetic rows.</summary>
    private int Seed => Options.GenerationSeed ?? Options.Gan.Seed ?? 1;

    /// <summary>The metric of validated augmentation, or null when validation is off.</summary>
    private ValidationScorer? ValidationMetric()
    {
        if (Options.ValidateAugmentation == false) return null;
        if (Options.ValidationMetric is { } custom) return new ValidationScorer("custom metric", custom);
        var last = _after.Count == 0 ? typeof(TLastTransformer) : AugmentationMetric.FittedType(_after[^1]);
        var metric = Options.LabelColumnName is { } label ? AugmentationMetric.For(last, _environment, label) : null;
        if (metric is null && Options.ValidateAugmentation == true)
            throw new InvalidOperationException($"ValidateAugmentation is on, but the chain ends in {last.Name}, not a multiclass or binary classification trainer; give a ValidationMetric.");
        return metric;
    }

    /// <summary>
    /// Fits the later steps on <paramref name="real"/> plus ratio × its rows of added rows of weight <paramref name="weight"/>,
    /// a <paramref name="share"/> of them real rows drawn again and the rest GAN rows.
    /// </summary>
    private TransformerChain<TLastTransformer> FitLater(IDataView real, long realRows, GanTransformer gan, double ratio, float weight, double share,
        string[] columns, out long syntheticRows, ITransformer? earlier = null)
    {
        IDataView combined = WithWeight(real, 1f);
        syntheticRows = 0;
        if (ratio > 0)
        {
            var synthetic = WithWeight(GenerateSynthetic(gan, real, realRows, ratio, share), weight);
            syntheticRows = synthetic.GetRowCount() ?? 0;
            combined = new ConcatDataView(combined, synthetic);
            if (Options.ShuffleCombinedRows)
                combined = MLContextAccess.Data(_environment).ShuffleRows(combined, seed: Seed, shufflePoolSize: (int)Math.Min(int.MaxValue, Math.Max(1000, realRows + syntheticRows)));
        }
        var transformers = earlier is null ? [] : Flatten(earlier).ToList();
        var current = combined;
        foreach (var step in _after)
        {
            ITransformer fitted;
            try
            {
                fitted = step.Fit(current);
                current = fitted.Transform(current);
            }
            catch (ArgumentOutOfRangeException e)
            {
                var seen = Options.WeightColumnName is { } w ? [.. columns, w] : columns;
                throw new InvalidOperationException($"A step after the GAN augmentation failed to fit ({e.Message}). Steps after the augmentation see only " +
                    $"the columns {string.Join(", ", seen.Select(c => $"'{c}'"))}, because synthetic rows have no others; move steps that need more columns before it.", e);
            }
            transformers.Add(fitted);
        }
        if (transformers.Count == 0 || transformers[^1] is not TLastTransformer)
            throw new InvalidOperationException($"The last fitted step is {transformers.LastOrDefault()?.GetType().Name ?? "missing"}, not {typeof(TLastTransformer).Name}.");
        return new TransformerChain<TLastTransformer>(transformers.ToArray());
    }

    /// <summary>Adds the weight column (when one is configured) with a constant value.</summary>
    private IDataView WithWeight(IDataView data, float weight)
    {
        if (Options.WeightColumnName is not { } name) return data;
        return new AddedColumnDataView<float>(data, AddedColumnDataView<float>.SchemaWith(data.Schema, name, NumberDataViewType.Single), [],
            _ => (ref float value) => value = weight, (in float source, ref float destination) => destination = source);
    }

    private IDataView GenerateSynthetic(GanTransformer gan, IDataView real, long realRows, double ratio, double share)
    {
        long wanted = (long)Math.Round(ratio * realRows, MidpointRounding.AwayFromZero);
        if (wanted > int.MaxValue) throw new InvalidOperationException($"{wanted} synthetic rows were asked for; at most {int.MaxValue} are supported.");
        int seed = Options.GenerationSeed ?? gan.Trainer.Options.Seed;
        if (!gan.IsConditional) return gan.GenerateUnconditionalSelected((int)wanted, seed, Options.CandidatesPerSyntheticRow);
        var perClass = Options.BalanceClasses ? SyntheticRowPlan.Balanced(gan.ClassCounts, (int)wanted) : SyntheticRowPlan.Proportional(gan.ClassCounts, (int)wanted);
        if (share <= 0) return gan.GeneratePerClass(perClass, seed, Options.CandidatesPerSyntheticRow);
        var copies = perClass.Select(n => (int)Math.Round(n * share, MidpointRounding.AwayFromZero)).ToArray();
        var oversampled = RandomOversampling.Draw(real, gan.Info.Labels!, copies, seed);
        var generated = perClass.Select((n, c) => n - copies[c]).ToArray();
        return generated.Sum() == 0 ? oversampled : new ConcatDataView(oversampled, gan.GeneratePerClass(generated, seed, Options.CandidatesPerSyntheticRow));
    }

    private static long CountRows(IDataView data)
    {
        if (data.GetRowCount() is { } known) return known;
        long count = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext()) count++;
        return count;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];
}
