using Microsoft.ML;
using Microsoft.ML.Data;

namespace GanMl;

/// <summary>The default validation metric of validated augmentation, chosen from the chain's last transformer type.</summary>
internal static class AugmentationMetric
{
    /// <summary>True when <paramref name="last"/> is a multiclass or binary prediction transformer.</summary>
    public static bool IsClassifier(Type last) => Kind(last) is not null;

    /// <summary>The metric's name and function, or null when the chain does not end in a classifier.</summary>
    public static (string Name, Func<IDataView, double> Score)? For(Type last, MLContext context, string labelColumn) => Kind(last) switch
    {
        "multiclass" => ("micro-accuracy", scored => context.MulticlassClassification.Evaluate(scored, labelColumn).MicroAccuracy),
        "binary" => ("accuracy", scored => context.BinaryClassification.EvaluateNonCalibrated(scored, labelColumn).Accuracy),
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
