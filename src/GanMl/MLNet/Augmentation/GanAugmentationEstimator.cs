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
public sealed class GanAugmentationEstimator<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IDisposable
    where TLastTransformer : class, ITransformer
{
    private readonly IHostEnvironment _environment;
    private readonly IEstimator<ITransformer> _before;
    private readonly IReadOnlyList<IEstimator<ITransformer>> _after;

    internal GanAugmentationEstimator(IHostEnvironment environment, IEstimator<ITransformer> before, GanAugmentationOptions options, IReadOnlyList<IEstimator<ITransformer>> after)
    {
        ArgumentNullException.ThrowIfNull(options);
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
    public GanTransformer? FittedGan { get; private set; }

    /// <summary>Rows the later steps were fitted on in the latest <see cref="Fit"/>: real and synthetic.</summary>
    public (long Real, long Synthetic) LastFitRowCounts { get; private set; }

    /// <summary>Appends a step that is fitted on real + synthetic rows.</summary>
    public GanAugmentationEstimator<TNewTransformer> Append<TNewTransformer>(IEstimator<TNewTransformer> estimator)
        where TNewTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new GanAugmentationEstimator<TNewTransformer>(_environment, _before, Options, [.. _after, estimator]);
    }

    /// <summary>Fits the earlier steps, the GAN, and the later steps on real + synthetic rows; returns the earlier and later transformers only.</summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var channel = _environment.Register("GanAugmentation").Start("Augmenting");
        var earlier = _before.Fit(input);
        var real = earlier.Transform(input);
        // Each Fit trains a new GAN: release the previous one's native networks rather than leak one per fold.
        FittedGan?.Dispose();
        FittedGan = null;
        var gan = new GanEstimator(_environment, Options.GanSettings()).Fit(real);
        FittedGan = gan;

        var columns = Options.LabelColumnName is null ? new[] { Options.FeatureColumnName } : [Options.FeatureColumnName, Options.LabelColumnName];
        var realColumns = MLContextAccess.Transforms(_environment).SelectColumns(columns).Fit(real).Transform(real);
        long realRows = CountRows(realColumns);
        var synthetic = GenerateSynthetic(gan, realRows);
        long syntheticRows = synthetic.GetRowCount() ?? 0;
        channel.Info(MessageSensitivity.None, $"Fitting the later steps on {realRows} real + {syntheticRows} synthetic rows.");
        IDataView combined = new ConcatDataView(realColumns, synthetic);
        if (Options.ShuffleCombinedRows)
            combined = MLContextAccess.Data(_environment).ShuffleRows(combined, seed: Options.GenerationSeed ?? 1, shufflePoolSize: (int)Math.Min(int.MaxValue, Math.Max(1000, realRows + syntheticRows)));
        LastFitRowCounts = (realRows, syntheticRows);

        var transformers = Flatten(earlier).ToList();
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
                throw new InvalidOperationException($"A step after the GAN augmentation failed to fit ({e.Message}). Steps after the augmentation see only " +
                    $"the columns {string.Join(", ", columns.Select(c => $"'{c}'"))}, because synthetic rows have no others; move steps that need more columns before it.", e);
            }
            transformers.Add(fitted);
        }
        if (transformers.Count == 0 || transformers[^1] is not TLastTransformer)
            throw new InvalidOperationException($"The last fitted step is {transformers.LastOrDefault()?.GetType().Name ?? "missing"}, not {typeof(TLastTransformer).Name}.");
        var model = new TransformerChain<TLastTransformer>(transformers.ToArray());
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
        foreach (var step in _after) shape = step.GetOutputSchema(shape);
        return shape;
    }

    private IDataView GenerateSynthetic(GanTransformer gan, long realRows)
    {
        long wanted = Options.SyntheticRowCount ?? (long)Math.Round(Options.SyntheticRowsPerRealRow * realRows, MidpointRounding.AwayFromZero);
        if (wanted > int.MaxValue) throw new InvalidOperationException($"{wanted} synthetic rows were asked for; at most {int.MaxValue} are supported.");
        int seed = Options.GenerationSeed ?? gan.Trainer.Options.Seed;
        if (!gan.IsConditional) return gan.GenerateUnconditionalSelected((int)wanted, seed, Options.CandidatesPerSyntheticRow);
        var perClass = Options.BalanceClasses ? SyntheticRowPlan.Balanced(gan.ClassCounts, (int)wanted) : SyntheticRowPlan.Proportional(gan.ClassCounts, (int)wanted);
        return gan.GeneratePerClass(perClass, seed, Options.CandidatesPerSyntheticRow);
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
