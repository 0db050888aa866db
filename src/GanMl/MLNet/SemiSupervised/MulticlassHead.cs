using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace GanMl;

/// <summary>
/// Builds ML.NET's own multiclass scoring step for the classifier's linear head: a <see cref="MaximumEntropyModelParameters"/>
/// (softmax of W h + b) inside a <see cref="MulticlassPredictionTransformer{TModel}"/>, which adds <c>Score</c> and a
/// <c>PredictedLabel</c> key with the label's key values, and which <c>ml.Model.Save</c> and <c>Load</c> handle. ML.NET
/// keeps both constructors internal, so they are reached by reflection, in this one place; <c>MLNetInternalsTests</c>
/// fails clearly when a new ML.NET version changes them.
/// </summary>
internal static class MulticlassHead
{
    private static readonly ConstructorInfo? ModelConstructor = typeof(MaximumEntropyModelParameters)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .FirstOrDefault(c => c.GetParameters().Select(p => p.ParameterType).SequenceEqual(
            [typeof(IHostEnvironment), typeof(VBuffer<float>[]), typeof(float[]), typeof(int), typeof(int), typeof(string[]), typeof(ModelStatisticsBase)]));

    private static readonly ConstructorInfo? TransformerConstructor = typeof(MulticlassPredictionTransformer<MaximumEntropyModelParameters>)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .FirstOrDefault(c => c.GetParameters().Select(p => p.ParameterType).SequenceEqual(
            [typeof(IHostEnvironment), typeof(MaximumEntropyModelParameters), typeof(DataViewSchema), typeof(string), typeof(string), typeof(string), typeof(string)]));

    /// <summary>True when this ML.NET version has the constructors GanMl needs.</summary>
    public static bool Supported => ModelConstructor is not null && TransformerConstructor is not null;

    /// <summary>The scoring step for logits = weight · features + bias, weight [classes, features] row-major.</summary>
    public static MulticlassPredictionTransformer<MaximumEntropyModelParameters> Create(IHostEnvironment environment, float[] weight, float[] bias,
        IReadOnlyList<string> classNames, DataViewSchema inputSchema, string featureColumn, string labelColumn, string scoreColumn, string predictedLabelColumn)
    {
        if (!Supported)
            throw new InvalidOperationException($"This ML.NET version ({typeof(MLContext).Assembly.GetName().Version}) has no MaximumEntropyModelParameters or MulticlassPredictionTransformer " +
                "constructor of the shape GanMl 0.1 was built against (ML.NET 5.0); the semi-supervised classifier cannot build its ML.NET scoring step.");
        int classes = bias.Length, features = weight.Length / classes;
        var rows = Enumerable.Range(0, classes).Select(c => new VBuffer<float>(features, weight.AsSpan(c * features, features).ToArray())).ToArray();
        var model = (MaximumEntropyModelParameters)Invoke(ModelConstructor!, [environment, rows, bias.ToArray(), classes, features, classNames.ToArray(), null]);
        return (MulticlassPredictionTransformer<MaximumEntropyModelParameters>)Invoke(TransformerConstructor!,
            [environment, model, inputSchema, featureColumn, labelColumn, scoreColumn, predictedLabelColumn]);
    }

    private static object Invoke(ConstructorInfo constructor, object?[] arguments)
    {
        try
        {
            return constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
