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
