using System.Text.RegularExpressions;
using Xunit;

namespace GanMl.Tests;

/// <summary>
/// Keeps the README honest: short, its quick start the code of <c>examples/QuickStart</c> (which CI builds and runs),
/// every local link alive, and every figure of its "What it is good for" table found in the page the row cites.
/// </summary>
public partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    [Fact]
    public void TheReadmeIsANewcomersPage()
    {
        Assert.True(File.ReadAllLines(Path.Combine(Root, "README.md")).Length <= 220, "README.md is over 220 lines: move details into docs/.");
        Assert.True(File.Exists(Path.Combine(Root, "LICENSE")));
    }

    [Fact]
    public void TheQuickStartIsTheQuickStartProjectsCode()
    {
        var block = Regex.Match(Readme, @"## Quick start.*?```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no C# block under '## Quick start'.");
        string program = File.ReadAllText(Path.Combine(Root, "examples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n");
        Assert.Equal(program.Trim(), block.Groups[1].Value.Trim());
    }

    [Fact]
    public void EveryLocalLinkResolves()
    {
        var pages = new[] { "README.md", "BENCHMARKS.md" }.Select(f => Path.Combine(Root, f)).Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"));
        foreach (var page in pages)
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(page)))
        {
            string target = link.Groups[1].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://")) continue;
            string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{Path.GetFileName(page)} links to {target}, which does not exist.");
        }
    }

    [Fact]
    public void EveryFigureOfTheGoodForTableComesFromThePageItCites()
    {
        var table = Regex.Match(Readme, @"## What it is good for, measured\n(.*?)\n## ", RegexOptions.Singleline).Groups[1].Value;
        var rows = table.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| what", StringComparison.Ordinal) && !l.StartsWith("|--", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count >= 4, "the table has fewer than 4 rows");
        foreach (var row in rows)
        {
            var source = MarkdownLink().Match(row);
            Assert.True(source.Success, $"row without a source page: {row}");
            string page = File.ReadAllText(Path.Combine(Root, source.Groups[1].Value.Split('#')[0]));
            foreach (Match figure in Figure().Matches(row.Replace(source.Value, "")))
                Assert.True(page.Contains(figure.Value, StringComparison.Ordinal), $"{figure.Value} of '{row}' is not in {source.Groups[1].Value}.");
        }
    }

    private static string FindRoot()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "GanMl.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("GanMl.sln not found above the test folder.");
        return root;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    // Figures as written in the docs: 82.31 %, +3.40 points, 1.44×, 1e-6.
    [GeneratedRegex(@"[+−-]?\d[\d,]*(\.\d+)?(e-\d+)?( ?%|×| points?)")]
    private static partial Regex Figure();
}
