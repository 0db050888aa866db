using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GanMl;

/// <summary>
/// Reads what ML.NET keeps internal but a third-party estimator needs: the catalog's environment and the
/// context's seed, GPU device and CPU fallback. ML.NET's own packages reach these through InternalsVisibleTo.
/// </summary>
internal static class MLContextAccess
{
    public static IHostEnvironment Environment(TransformsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var field = typeof(TransformsCatalog).GetField("_env", BindingFlags.Instance | BindingFlags.NonPublic);
        return field?.GetValue(catalog) as IHostEnvironment
            ?? throw new InvalidOperationException("Could not reach the MLContext behind this TransformsCatalog; this ML.NET version is not supported by GanMl.");
    }

    /// <summary>The context behind <c>ml.MulticlassClassification.Trainers</c> (ML.NET keeps TrainerCatalogBase.Environment internal).</summary>
    public static IHostEnvironment Environment(MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // An explicit implementation of ML.NET's internal IInternalCatalog.Environment on the catalog's base class.
        var property = catalog.GetType().BaseType?.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .FirstOrDefault(p => p.PropertyType == typeof(IHostEnvironment) && p.Name.EndsWith("Environment", StringComparison.Ordinal));
        return property?.GetValue(catalog) as IHostEnvironment
            ?? throw new InvalidOperationException("Could not reach the MLContext behind this trainer catalog; this ML.NET version is not supported by GanMl.");
    }

    /// <summary>
    /// The environment an estimator was made with (ML.NET estimators keep it in a private host field; a chain's first
    /// step is asked). Throws when none is found: a stand-in context would silently drop the caller's seed, log and device settings.
    /// </summary>
    public static IHostEnvironment Environment(object estimator)
    {
        var pending = new Stack<object>([estimator]);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var item = pending.Pop();
            if (!seen.Add(item)) continue;
            for (var type = item.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    var value = field.GetValue(item);
                    if (value is IHostEnvironment environment) return environment;
                    if (value is System.Collections.IEnumerable steps and not string)
                        foreach (var step in steps.Cast<object>().Reverse()) if (step is not null && step.GetType().Namespace?.StartsWith("Microsoft.ML", StringComparison.Ordinal) == true) pending.Push(step);
                }
            }
        }
        throw new InvalidOperationException($"Could not find the MLContext behind the estimator {estimator.GetType().Name}: it holds no ML.NET environment. " +
            "Start the chain with an ML.NET estimator (e.g. mlContext.Transforms.Conversion.MapValueToKey), or pass the context: AppendGanAugmentation(mlContext, options).");
    }

    /// <summary>The environment's device settings; throws when this ML.NET build hides them.</summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) Device(IHostEnvironment environment) =>
        ((int?)Read(environment, "GpuDeviceId"), (bool)Read(environment, "FallbackToCpu")!);

    /// <summary>ml.Transforms of <paramref name="environment"/>, so that helper steps log, cancel and seed with the caller's context.</summary>
    public static TransformsCatalog Transforms(IHostEnvironment environment) => Create<TransformsCatalog>(environment);

    /// <summary>ml.Data of <paramref name="environment"/> (see <see cref="Transforms(IHostEnvironment)"/>).</summary>
    public static DataOperationsCatalog Data(IHostEnvironment environment) => Create<DataOperationsCatalog>(environment);

    /// <summary>ml.MulticlassClassification of <paramref name="environment"/> (see <see cref="Transforms(IHostEnvironment)"/>).</summary>
    public static MulticlassClassificationCatalog MulticlassClassification(IHostEnvironment environment) => Create<MulticlassClassificationCatalog>(environment);

    /// <summary>ml.BinaryClassification of <paramref name="environment"/> (see <see cref="Transforms(IHostEnvironment)"/>).</summary>
    public static BinaryClassificationCatalog BinaryClassification(IHostEnvironment environment) => Create<BinaryClassificationCatalog>(environment);

    private static T Create<T>(IHostEnvironment environment) where T : class
    {
        ArgumentNullException.ThrowIfNull(environment);
        // MLContext builds its catalogs with this internal constructor.
        var constructor = typeof(T).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(IHostEnvironment)])
            ?? throw new InvalidOperationException($"Could not create an ML.NET {typeof(T).Name} for the caller's MLContext; this ML.NET version is not supported by GanMl.");
        return (T)constructor.Invoke([environment]);
    }

    /// <summary>A seed derived from the MLContext's seed (or random when it has none), as ML.NET components do.</summary>
    public static int Seed(IHostEnvironment environment) => environment.Register("GanMl").Rand.Next();

    /// <summary>
    /// A check that throws <see cref="OperationCanceledException"/> once <paramref name="token"/> is cancelled or
    /// <c>MLContext.CancelExecution()</c> was called. ML.NET keeps its cancellation flag internal (ICancelable.IsCanceled,
    /// read by its Contracts.CheckAlive), so the flag is read by reflection; without it only the token counts.
    /// </summary>
    public static Action<string> CancellationCheck(IHostEnvironment environment, CancellationToken token)
    {
        // Catalogs hold the context's LocalEnvironment (or a host of it), which is cancelable; an MLContext passed as the
        // environment keeps it in its _env field.
        object? cancelable = environment is MLContext
            ? typeof(MLContext).GetField("_env", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(environment)
            : environment;
        var flag = cancelable?.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.ICancelable")?.GetProperty("IsCanceled");
        return where =>
        {
            if (token.IsCancellationRequested) throw new OperationCanceledException($"GAN training was cancelled through GanOptions.CancellationToken {where}.", token);
            if (flag?.GetValue(cancelable) is true) throw new OperationCanceledException($"GAN training was cancelled through MLContext.CancelExecution() {where}.");
        };
    }

    private static object? Read(object environment, string name)
    {
        for (var type = environment.GetType(); type is not null; type = type.BaseType)
            if (type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is { } property)
                return property.GetValue(environment);
        foreach (var iface in environment.GetType().GetInterfaces())
            if (iface.GetProperty(name) is { } property)
                return property.GetValue(environment);
        throw new InvalidOperationException($"Could not read MLContext.{name} from the ML.NET environment ({environment.GetType().Name}); this ML.NET version is not supported by GanMl.");
    }
}
