using System.Reflection;

namespace ActorTrap.Cli.Tests;

/// <summary>
/// Issue 16: the README's first command, <c>dotnet run --project src/ActorTrap.Cli -- run</c>, keeps the store where the
/// docs say: the relative data-dir resolves against the directory the command is run from, not the project folder.
/// </summary>
public sealed class FirstRunSpec : IDisposable
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("actortrap-first-run-").FullName;

    /// <summary>The configuration this test assembly was built in, so <c>dotnet run --no-build</c> finds its build.</summary>
    private static string Configuration =>
        typeof(FirstRunSpec).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    [Fact]
    public async Task Issue16_dotnet_run_from_another_directory_keeps_the_store_under_that_directorys_data()
    {
        var project = Path.Combine(RepoRoot.Path, "src", "ActorTrap.Cli");
        using var node = ActorTrapProcess.StartProgram("dotnet",
            ["run", "--project", project, "-c", Configuration, "--no-build", "--", "run",
             "--set", "actortrap.admin.listen=\"127.0.0.1:0\"", "--set", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", "--set", "actortrap.dns.servers=[\"127.0.0.1:9\"]"],
            null, workingDirectory);
        // The store is opened before the admin endpoint listens.
        await node.WaitForOutputAsync("Admin endpoint listening on", TimeSpan.FromSeconds(60));

        var expected = Path.Combine(workingDirectory, "data", "reputation.db");
        Assert.True(File.Exists(expected), $"no store at {expected}\n{node.Stdout}\n{node.Stderr}");
        Assert.Contains(expected, node.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(project, "data"), node.Stdout + node.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);
}
