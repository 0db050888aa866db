using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace GanMl.Tests;

public class XmlDocsTests
{
    /// <summary>The documentation ID of a type or member, as the compiler writes it into the XML file.</summary>
    private static string Id(MemberInfo member) => member switch
    {
        Type t => "T:" + TypeName(t),
        MethodBase m => (m is ConstructorInfo ? "M:" + TypeName(m.DeclaringType!) + (m.IsStatic ? ".#cctor" : ".#ctor") : "M:" + TypeName(m.DeclaringType!) + "." + m.Name
                + (m.IsGenericMethod ? "``" + m.GetGenericArguments().Length : ""))
            + (m.GetParameters().Length == 0 ? "" : "(" + string.Join(",", m.GetParameters().Select(p => ParameterName(p.ParameterType, m))) + ")")
            + (m.Name is "op_Implicit" or "op_Explicit" ? "~" + ParameterName(((MethodInfo)m).ReturnType, m) : ""),
        PropertyInfo p => "P:" + TypeName(p.DeclaringType!) + "." + p.Name
            + (p.GetIndexParameters().Length == 0 ? "" : "(" + string.Join(",", p.GetIndexParameters().Select(i => ParameterName(i.ParameterType, null))) + ")"),
        FieldInfo f => "F:" + TypeName(f.DeclaringType!) + "." + f.Name,
        EventInfo e => "E:" + TypeName(e.DeclaringType!) + "." + e.Name,
        _ => throw new NotSupportedException(member.GetType().Name),
    };

    private static string TypeName(Type t) => (t.FullName ?? t.Name).Replace('+', '.');

    private static string ParameterName(Type t, MethodBase? method)
    {
        if (t.IsByRef) return ParameterName(t.GetElementType()!, method) + "@";
        if (t.IsArray) return ParameterName(t.GetElementType()!, method) + "[" + (t.GetArrayRank() > 1 ? string.Join(",", Enumerable.Repeat("0:", t.GetArrayRank())) : "") + "]";
        if (t.IsPointer) return ParameterName(t.GetElementType()!, method) + "*";
        if (t.IsGenericMethodParameter) return "``" + t.GenericParameterPosition;
        if (t.IsGenericParameter) return "`" + t.GenericParameterPosition;
        if (t.IsGenericType)
        {
            var definition = t.GetGenericTypeDefinition();
            string name = (definition.FullName ?? definition.Name).Replace('+', '.');
            return name[..name.IndexOf('`')] + "{" + string.Join(",", t.GetGenericArguments().Select(a => ParameterName(a, method))) + "}";
        }
        return TypeName(t);
    }

    [Theory]
    [InlineData("GanMl")]
    [InlineData("GanMl.TorchSharp")]
    public void EveryPublicTypeAndMemberHasASummary(string assembly)
    {
        var library = assembly == "GanMl" ? typeof(OnnxGenerator).Assembly : typeof(GanOptions).Assembly;
        Assert.Equal(assembly, library.GetName().Name);
        var xmlPath = Path.ChangeExtension(library.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: GenerateDocumentationFile must stay on for {assembly}.");
        var documented = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => m.Element("summary") is { } s && (s.Value.Trim().Length > 0 || s.Elements().Any()) || m.Element("inheritdoc") is not null)
            .Select(m => (string)m.Attribute("name")!).ToHashSet();

        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var missing = new List<string>();
        foreach (var type in library.GetExportedTypes())
        {
            if (!documented.Contains(Id(type))) missing.Add(Id(type));
            foreach (var member in type.GetMembers(declared))
            {
                bool visible = member switch
                {
                    MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName | m is ConstructorInfo | m.Name.StartsWith("op_"),
                    FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
                    PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                    EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
                    _ => false, // nested types are checked as exported types
                };
                if (!visible || member.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))) continue;
                // Compiler-written members of records, enums and delegates carry no source to document.
                if (type.IsEnum && member.Name == "value__") continue;
                if (member is MethodBase { Name: "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "<Clone>$" or "Deconstruct" or "op_Equality" or "op_Inequality" } && IsRecord(type)) continue;
                if (member is PropertyInfo { Name: "EqualityContract" }) continue;
                if (member is ConstructorInfo c && IsRecord(type) && c.GetParameters() is [var only] && only.ParameterType == type) continue;
                // The implicit parameterless constructor has no source to document (explicit ones are documented anyway).
                if (member is ConstructorInfo { IsStatic: false } ctor && ctor.GetParameters().Length == 0 && !documented.Contains(Id(ctor)) && type.GetConstructors().Length == 1) continue;
                if (typeof(Delegate).IsAssignableFrom(type)) continue;
                string id = Id(member);
                // Positional record parameters are documented with <param> on the type; the compiler reuses them for the property.
                if (member is PropertyInfo && IsRecord(type) && PositionalParameters(type).Contains(member.Name)) continue;
                if (member is ConstructorInfo pc && IsRecord(type) && pc.GetParameters().Select(p => p.Name).SequenceEqual(PositionalParameters(type))) continue;
                if (!documented.Contains(id)) missing.Add(id);
            }
        }
        Assert.True(missing.Count == 0, "Public API without an XML <summary>:\n" + string.Join("\n", missing.Distinct().Order()));
    }

    [Fact]
    public void EveryEstimatorHasMLNetsColumnAndCharacteristicsRemarks()
    {
        // FidEstimator in the core; GanEstimator, GanAugmentationEstimator and SemiSupervisedGanTrainer in GanMl.TorchSharp.
        var libraries = new[] { typeof(OnnxGenerator).Assembly, typeof(GanOptions).Assembly };
        var members = libraries.SelectMany(library => XDocument.Load(Path.ChangeExtension(library.Location, ".xml")).Descendants("member"))
            .ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("remarks")?.Value ?? "");
        var estimators = libraries.SelectMany(library => library.GetExportedTypes())
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Microsoft.ML.IEstimator<>))).ToList();
        Assert.Equal(4, estimators.Count);
        Assert.Single(estimators, t => t.Assembly == libraries[0]);
        foreach (var type in estimators)
        {
            string remarks = members.GetValueOrDefault(Id(type), "");
            Assert.True(remarks.Contains("### Input and output columns") && remarks.Contains("### Estimator characteristics")
                && remarks.Contains("Exportable to ONNX"), $"{type.Name}'s remarks lack ML.NET's column table or estimator characteristics.");
        }
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static string[] PositionalParameters(Type type) =>
        type.GetMethods().FirstOrDefault(m => m.Name == "Deconstruct")?.GetParameters().Select(p => p.Name!).ToArray() ?? [];
}
