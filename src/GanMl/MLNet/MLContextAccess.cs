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

    /// <summary>
    /// The environment an estimator was made with (ML.NET estimators keep it in a private host field; a chain's first
    /// step is asked). When none is found, a context with seed 0 keeps runs reproducible.
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
        return new MLContext(seed: 0);
    }

    /// <summary>The environment's device settings (defaults when this ML.NET build hides them).</summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) Device(IHostEnvironment environment) =>
        (Read<int?>(environment, "GpuDeviceId", null), Read(environment, "FallbackToCpu", false));

    /// <summary>A seed derived from the MLContext's seed (or random when it has none), as ML.NET components do.</summary>
    public static int Seed(IHostEnvironment environment) => environment.Register("GanMl").Rand.Next();

    private static T Read<T>(object environment, string name, T fallback)
    {
        for (var type = environment.GetType(); type is not null; type = type.BaseType)
        {
            var property = type.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            if (property?.GetValue(environment) is T value) return value;
        }
        foreach (var iface in environment.GetType().GetInterfaces())
            if (iface.GetProperty(name)?.GetValue(environment) is T value) return value;
        return fallback;
    }
}
