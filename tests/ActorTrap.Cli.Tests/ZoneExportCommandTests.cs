using ActorTrap.Node.Configuration;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.TestPeers;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Cli.Tests;

/// <summary><c>actortrap zone export</c> reading a running node's feed, its rbldnsd output loaded into a real rbldnsd.</summary>
public sealed class ZoneExportCommandTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef-export-token";
    private const string Zone = "bl.example.org";
    private readonly string directory = Directory.CreateTempSubdirectory("actortrap-export-").FullName;
    private NodeHost node = null!;

    public async Task InitializeAsync()
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, ["actortrap.admin.listen=\"127.0.0.1:0\"", "actortrap.smtp.listen=[\"127.0.0.1:0\"]", $"actortrap.data-dir=\"{Directory.CreateTempSubdirectory("actortrap-data-").FullName}\"", $"actortrap.admin.token=\"{Token}\""]), _ => null);
        var blacklist = new TestBlacklist(
            TestBlacklist.Entry("192.0.2.9"),
            TestBlacklist.Entry("198.51.100.0/24", ListingClass.Trap, reasons: ["trap-address"]),
            TestBlacklist.Entry("2001:db8::7"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        node = await NodeHost.StartAsync(loaded.Settings!, NullLoggerFactory.Instance, cts.Token, blacklist);
    }

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private string[] Export(string format, params string[] extra) =>
        ["zone", "export", "--format", format, "--from-feed", $"http://{node.AdminEndPoint}", "--set", $"actortrap.publish.dns.zone=\"{Zone}\"", .. extra];

    [Fact]
    public async Task Plain_export_prints_every_listed_network()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(Export("plain", "--token", Token));

        Assert.True(code == 0, stderr);
        Assert.Equal("192.0.2.9\n198.51.100.0/24\n2001:db8::7\n", stdout);
    }

    [Fact]
    public async Task Rbldnsd_export_written_to_a_file_is_served_by_a_real_rbldnsd()
    {
        var file = Path.Combine(directory, "bl.zone");
        var (code, _, stderr) = await ActorTrapProcess.RunAsync(Export("rbldnsd", "--out", file),
            environment: new Dictionary<string, string?> { ["ACTORTRAP_ADMIN_TOKEN"] = Token });
        Assert.True(code == 0, stderr);
        Assert.Contains("3 listings written", stderr, StringComparison.Ordinal);

        using var rbldnsd = await Rbldnsd.StartAsync(new RbldnsdZone(Zone, "combined", "bl.zone", await File.ReadAllTextAsync(file)));
        Assert.Equal(["127.0.0.2"], await Dig.ShortAsync(rbldnsd.EndPoint, "9.2.0.192." + Zone));
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(rbldnsd.EndPoint, "77.100.51.198." + Zone));
        Assert.Empty(await Dig.ShortAsync(rbldnsd.EndPoint, "10.2.0.192." + Zone));
    }

    [Fact]
    public async Task Csv_and_json_exports_carry_the_reasons()
    {
        var csv = await ActorTrapProcess.RunAsync(Export("csv", "--token", Token));
        var json = await ActorTrapProcess.RunAsync(Export("json", "--token", Token));

        Assert.Contains("198.51.100.0/24,trap,3,trap-address,", csv.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"reasons\":[\"trap-address\"]", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_token_is_one_clear_line_and_exit_1()
    {
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(Export("plain", "--token", "not-the-token-at-all"));

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains("401", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error()
    {
        var (code, _, _) = await ActorTrapProcess.RunAsync(Export("bind", "--token", Token));

        Assert.Equal(2, code);
    }
}
