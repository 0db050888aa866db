using System.Reflection;
using Xunit;

namespace GanMl.Tests;

public class PublicSurfaceTests
{
    private static IEnumerable<Type> Mentioned(MemberInfo member) => member switch
    {
        MethodBase m => m.GetParameters().Select(p => p.ParameterType).Append(m is MethodInfo mi ? mi.ReturnType : typeof(void)),
        PropertyInfo p => [p.PropertyType],
        FieldInfo f => [f.FieldType],
        EventInfo e => [e.EventHandlerType!],
        Type t => t.GetInterfaces().Append(t.BaseType ?? typeof(object)),
        _ => [],
    };

    private static IEnumerable<Type> Flatten(Type type) =>
        type.HasElementType ? Flatten(type.GetElementType()!) : type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition()) : [type];

    [Theory]
    [InlineData("GanMl")]
    [InlineData("GanMl.TorchSharp")]
    public void NoTorchSharpOrOxyPlotTypeIsInAPublicSignature(string assembly)
    {
        var library = assembly == "GanMl" ? typeof(OnnxGenerator).Assembly : typeof(GanOptions).Assembly;
        Assert.Equal(assembly, library.GetName().Name);
        const BindingFlags all = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = library.GetExportedTypes()
            .SelectMany(t => t.GetMembers(all).Append(t).Where(m => m is not MethodBase { IsFamily: false, IsPublic: false }).Select(m => (Type: t, Member: m)))
            .SelectMany(x => Mentioned(x.Member).SelectMany(Flatten).Select(used => (x.Type, x.Member, Used: used)))
            .Where(x => x.Used.Assembly.GetName().Name is { } n && (n.StartsWith("TorchSharp") || n.StartsWith("OxyPlot")))
            .Select(x => $"{x.Type.FullName}.{x.Member.Name}: {x.Used.FullName}")
            .Distinct().ToList();
        Assert.Empty(offenders);
        Assert.DoesNotContain(library.GetExportedTypes(), t => t.Namespace == "GanMl.Torch");
    }
}
