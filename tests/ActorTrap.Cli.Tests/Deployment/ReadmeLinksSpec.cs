using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// Issue 17: the README is read on its own (a clone, a package page), so every relative link it has must name a file
/// of the repository; it pointed at ../shared/DESIGN.md, which only the authors' workspace has.
/// </summary>
public sealed partial class ReadmeLinksSpec
{
    [GeneratedRegex(@"\]\(([^)\s#]+)(?:#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    [Fact]
    public void Issue17_every_relative_link_of_the_readme_names_a_file_inside_the_repository()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var relative = MarkdownLink().Matches(readme).Select(m => m.Groups[1].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(relative);
        var root = Path.GetFullPath(RepoRoot.Path) + Path.DirectorySeparatorChar;
        foreach (var target in relative)
        {
            var full = Path.GetFullPath(Path.Combine(RepoRoot.Path, target));
            Assert.True(full.StartsWith(root, StringComparison.Ordinal), $"{target} leaves the repository");
            Assert.True(File.Exists(full) || Directory.Exists(full), $"{target} does not exist");
        }
    }
}
