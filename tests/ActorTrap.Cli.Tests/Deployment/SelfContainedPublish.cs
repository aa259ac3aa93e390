namespace ActorTrap.Cli.Tests.Deployment;

/// <summary>
/// What the Dockerfile's build stage makes, made here since images cannot be built on this machine:
/// <c>dotnet publish src/ActorTrap.Cli -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=false</c>, once per
/// test run and shared by the class. A publish newer than every ActorTrap assembly the tests were built with is reused.
/// Its intermediate files go to a folder of its own (<c>--artifacts-path</c>): a restore for linux-x64 in the source
/// folders' obj/ would rewrite the assets file that specs running beside it (<c>dotnet run</c>, install.sh) build from.
/// </summary>
public sealed class SelfContainedPublish : IAsyncLifetime
{
    public const string Runtime = "linux-x64";

    /// <summary>Written after a publish succeeded; its time is the publish's.</summary>
    private const string Marker = ".published";

    public string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "selfcontained-" + Runtime);

    public string Binary => Path.Combine(Directory, "actortrap");

    /// <summary>The size of everything the image's /app gets.</summary>
    public long Bytes => new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Name != Marker).Sum(f => f.Length);

    public string PublishOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (IsCurrent())
        {
            PublishOutput = "reused " + Directory;
            return;
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        using var publish = ActorTrapProcess.StartProgram("dotnet",
            ["publish", Path.Combine(RepoRoot.Path, "src", "ActorTrap.Cli"), "-c", "Release", "-r", Runtime, "--self-contained", "true",
             "-p:PublishTrimmed=false", "-o", Directory, "--artifacts-path", Directory + "-build", "-nologo", "-v", "q"],
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, RepoRoot.Path);
        var code = await publish.WaitForExitAsync(TimeSpan.FromMinutes(10));
        PublishOutput = publish.Stdout + publish.Stderr;
        Assert.True(code == 0, $"dotnet publish exited {code}:\n{PublishOutput}");
        await File.WriteAllTextAsync(Path.Combine(Directory, Marker), DateTimeOffset.UtcNow.ToString("O"));
    }

    private bool IsCurrent()
    {
        var marker = new FileInfo(Path.Combine(Directory, Marker));
        if (!marker.Exists || !File.Exists(Binary))
        {
            return false;
        }

        var built = new DirectoryInfo(AppContext.BaseDirectory).EnumerateFiles("*.dll")
            .Where(f => f.Name.StartsWith("ActorTrap.", StringComparison.Ordinal) && !f.Name.Contains(".Tests", StringComparison.Ordinal) && f.Name != "ActorTrap.TestPeers.dll"
                || f.Name == "actortrap.dll")
            .Max(f => f.LastWriteTimeUtc);
        return marker.LastWriteTimeUtc > built;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
