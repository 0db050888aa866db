using System.Xml.Linq;
using Xunit;

namespace GanMl.Tests;

public class BuildSettingsTests
{
    private static readonly string[] Advisories = ["NU1901", "NU1902", "NU1903", "NU1904"];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "src", "GanMl")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"No parent of '{AppContext.BaseDirectory}' holds Directory.Build.props and src/GanMl.");
    }

    [Fact]
    public void SecurityAdvisoriesAreAuditedAndNeverHidden()
    {
        string root = RepositoryRoot();
        var files = new[] { "Directory.Build.props", "src/GanMl/GanMl.csproj", "src/GanMl.TorchSharp/GanMl.TorchSharp.csproj", "examples/GanMl.Examples/GanMl.Examples.csproj", "tests/GanMl.Tests/GanMl.Tests.csproj", "tests/consumer/Consumer.csproj" };
        foreach (var file in files)
        {
            var xml = XDocument.Load(Path.Combine(root, file));
            foreach (var noWarn in xml.Descendants("NoWarn"))
                Assert.DoesNotContain(Advisories, code => noWarn.Value.Contains(code, StringComparison.Ordinal));
            Assert.DoesNotContain(xml.Descendants("NuGetAudit"), e => e.Value.Trim() == "false");
        }
        var props = XDocument.Load(Path.Combine(root, "Directory.Build.props"));
        Assert.Equal("all", props.Descendants("NuGetAuditMode").Single().Value);
        // Kept out of TreatWarningsAsErrors on purpose; the reason is written next to them, and nobody calls them harmless.
        var text = File.ReadAllText(Path.Combine(root, "Directory.Build.props"));
        Assert.DoesNotContain("harmless", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("security advisories", text, StringComparison.OrdinalIgnoreCase);
    }
}
