using System.Net;
using System.Net.Http.Json;
using ActorTrap.Cli.Tests.EndToEnd;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests;

/// <summary>
/// <c>actortrap zone export</c> without <c>--from-feed</c> reads the SQLite store a real node wrote under its data
/// directory, read-only: beside the running node, and after the node was killed. (The PostgreSQL store is read in
/// <see cref="ClusterEndToEndSpec"/>.)
/// </summary>
public sealed class ZoneExportFromStoreSpec : IDisposable
{
    private const string Zone = "bl.export-store.test";
    private readonly DirectoryInfo dataDir = Directory.CreateTempSubdirectory("actortrap-export-store-");

    public void Dispose() => dataDir.Delete(recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> Export(string format = "plain") =>
        ActorTrapProcess.RunAsync(["zone", "export", "--format", format, "--set", $"actortrap.data-dir=\"{dataDir.FullName}\""], TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Export_reads_the_listings_a_node_wrote_to_its_sqlite_store_while_it_runs_and_after_it_was_killed()
    {
        using var dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:listed\n127.0.0.2\n"));
        // One spambot session lists its address here (threshold 1), so the export must read scored and manual listings.
        using var node = await RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
            [$"actortrap.data-dir=\"{dataDir.FullName}\"", "actortrap.reputation.list-threshold=1", "actortrap.reputation.soft-cap=0.5", "actortrap.smtp.greet-pause=300ms",
             "actortrap.smtp.check-reverse-dns=false", "actortrap.smtp.quit-wait=1s"]);
        await SpambotClient.RunAsync(IPAddress.Parse("127.0.0.9"), node.Smtp, "e2e.test");
        using (var listed = await node.Http.PostAsJsonAsync("/api/list", new { ip = "198.51.100.0/24", reason = "snowshoe range" }))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        await node.WaitForJsonAsync("/api/lookup/127.0.0.9", l => l.GetProperty("class").GetString() == "behaviour");

        var running = await Export();
        node.Process.Signal(9);
        await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var killed = await Export("csv");

        Assert.True(running.ExitCode == 0, running.Stderr);
        Assert.Equal("127.0.0.9\n198.51.100.0/24\n", running.Stdout);
        Assert.True(killed.ExitCode == 0, killed.Stderr);
        Assert.Matches(@"(?m)^127\.0\.0\.9,behaviour,[^\n]*pregreet", killed.Stdout);
        Assert.Matches(@"(?m)^198\.51\.100\.0/24,manual,[^\n]*snowshoe range", killed.Stdout);
    }

    [Fact]
    public async Task Export_from_a_data_dir_without_a_store_is_one_line_naming_the_path_and_exit_1()
    {
        var (code, stdout, stderr) = await Export();

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal($"actortrap zone export: no SQLite store at {Path.Combine(dataDir.FullName, "reputation.db")}: set actortrap.data-dir (--set or ACTORTRAP_DATA_DIR) to the node's data directory\n", stderr);
        Assert.False(File.Exists(Path.Combine(dataDir.FullName, "reputation.db")), "a read-only export must not create the store");
    }
}
