using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>The default validation metric of validated augmentation, chosen from the chain's last transformer type.</summary>
internal static class AugmentationMetric
{
    /// <summary>
    /// The transformer type that <paramref name="estimator"/> fits, read from the IEstimator interfaces of its runtime type
    /// (so a trainer typed as IEstimator&lt;ITransformer&gt; is still recognised); a chain counts as its last step.
    /// </summary>
    public static Type FittedType(object estimator)
    {
        var fitted = estimator.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>))
            .Select(i => i.GetGenericArguments()[0])
            .OrderByDescending(t => t != typeof(ITransformer))
            .FirstOrDefault() ?? typeof(ITransformer);
        return fitted.IsGenericType && fitted.GetGenericTypeDefinition() == typeof(TransformerChain<>) ? fitted.GetGenericArguments()[0] : fitted;
    }

    /// <summary>The metric's name and function, or null when the chain does not end in a classifier.</summary>
    public static ValidationScorer? For(Type last, IHostEnvironment environment, string labelColumn) => Kind(last) switch
    {
        "multiclass" => new("micro-accuracy", scored => MLContextAccess.MulticlassClassification(environment).Evaluate(scored, labelColumn).MicroAccuracy,
            scored => scored.GetColumn<uint>("PredictedLabel").Zip(scored.GetColumn<uint>(labelColumn), (p, l) => p == l).ToArray()),
        "binary" => new("accuracy", scored => MLContextAccess.BinaryClassification(environment).EvaluateNonCalibrated(scored, labelColumn).Accuracy,
            scored => scored.GetColumn<bool>("PredictedLabel").Zip(scored.GetColumn<bool>(labelColumn), (p, l) => p == l).ToArray()),
        _ => null,
    };

    private static string? Kind(Type last)
    {
        for (var type = last; type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType) continue;
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(MulticlassPredictionTransformer<>)) return "multiclass";
            if (definition == typeof(BinaryPredictionTransformer<>)) return "binary";
        }
        return null;
    }
}

/// <summary>A validation metric (higher is better) and, for accuracy, which held-out rows were right.</summary>
internal sealed record ValidationScorer(string Name, Func<IDataView, double> Score, Func<IDataView, bool[]>? Correct = null)
{
    /// <summary>
    /// A paired check on the same held-out rows (a one-sided McNemar test at two standard errors, about 98 %): the rows
    /// that only the candidate gets right must outnumber the rows that only real rows get right by at least 2·√(both).
    /// The bar keeps lucky candidates out (docs/training.md, section 5).
    /// </summary>
    public static bool ClearlyBetter(bool[] candidate, bool[] baseline)
    {
        int onlyCandidate = 0, onlyBaseline = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            if (candidate[i] && !baseline[i]) onlyCandidate++;
            else if (baseline[i] && !candidate[i]) onlyBaseline++;
        }
        return onlyCandidate - onlyBaseline >= Math.Max(2, 2 * Math.Sqrt(onlyCandidate + onlyBaseline));
    }
}
