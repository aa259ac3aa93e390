using System.Reflection;

namespace ActorTrap.Cli.Tests.Install;

/// <summary>
/// <c>scripts/install.sh</c> run once for the class into a temporary prefix, as the README's install section runs it.
/// It publishes in the configuration the tests were built in, so the publish reuses that build (one per test run).
/// </summary>
public sealed class InstalledActorTrap : IAsyncLifetime
{
    public string Prefix { get; } = Directory.CreateTempSubdirectory("actortrap-install-").FullName;

    public string BinDirectory => Path.Combine(Prefix, "bin");

    /// <summary>PATH with the install's bin directory first, as an operator's shell has it after installing.</summary>
    public string SearchPath => BinDirectory + ":" + Environment.GetEnvironmentVariable("PATH");

    public string InstallOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configuration = typeof(InstalledActorTrap).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        using var install = ActorTrapProcess.StartProgram("bash",
            [Path.Combine(RepoRoot.Path, "scripts", "install.sh"), "--prefix", Prefix, "--configuration", configuration],
            new Dictionary<string, string?> { ["PATH"] = SearchPath }, Prefix);
        var code = await install.WaitForExitAsync(TimeSpan.FromMinutes(5));
        InstallOutput = install.Stdout + install.Stderr;
        Assert.True(code == 0, $"install.sh exited {code}:\n{InstallOutput}");
    }

    /// <summary>Runs <c>actortrap ARGS</c> through bash, so the name is found on PATH as a user's shell finds it.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
    {
        using var p = ActorTrapProcess.StartProgram("bash", ["-c", "exec actortrap \"$@\"", "actortrap", .. args],
            new Dictionary<string, string?> { ["PATH"] = SearchPath }, workingDirectory);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, p.Stdout, p.Stderr);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Prefix, recursive: true);
        return Task.CompletedTask;
    }
}
