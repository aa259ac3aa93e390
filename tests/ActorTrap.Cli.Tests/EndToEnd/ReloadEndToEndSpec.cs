using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Reload (issue 17) through the real <c>actortrap run</c> process: the spec edits the node's config file and sends
/// SIGHUP, as <c>systemctl reload</c> does. rbldnsd serves the DNSBL zone, which lists 127.0.0.2 (RFC 5782), so a
/// client connecting from there is held; its greeting trickles for a minute, long enough to watch it across reloads.
/// </summary>
public sealed class ReloadEndToEndSpec : IClassFixture<ReloadEndToEndSpec.Dnsbl>, IDisposable
{
    private const string Zone = "bl.reload.test";
    private const int SIGHUP = 1;
    private static readonly IPAddress Listed = IPAddress.Parse("127.0.0.2");
    private readonly Dnsbl dnsbl;
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("actortrap-reload-");

    public ReloadEndToEndSpec(Dnsbl dnsbl)
    {
        this.dnsbl = dnsbl;
    }

    private string ConfigFile => Path.Combine(dir.FullName, "actortrap.conf");

    // The weight is on line 10, so that an error in it has a known position.
    private void WriteConfig(string weight, string extra = "") => File.WriteAllText(ConfigFile, $$"""
        actortrap {
          smtp {
            permit = []
            hold = 60s
            trickle-interval = 300ms
            hold-reply-time = 60s
          }
          dnsbl {
            zones = [{ zone = "{{Zone}}", codes = "127.0.0.[2..11]", txt = false,
              weight = {{weight}}
            }]
          }
          {{extra}}
        }
        """);

    [Fact]
    public async Task Sighup_applies_a_new_zone_weight_while_the_held_client_keeps_its_trickle_issue17()
    {
        WriteConfig("1");
        using var node = await RunningNode.StartFromFileAsync(ConfigFile, dnsbl.Server.ServerSpec);
        using var client = await HeldClientAsync(node);
        Assert.Equal(1, ZoneWeight(await node.GetJsonAsync("/api/dns/stats")));

        WriteConfig("3");
        await ReloadAsync(node);
        Assert.Contains("actortrap.dnsbl.zones", node.Log, StringComparison.Ordinal);
        await node.WaitForJsonAsync("/api/dns/stats", s => ZoneWeight(s) == 3);
        var reloadedAt = client.Clock.Elapsed;
        // The held client still trickles: more greeting lines after the reload, and the connection is open.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await client.ReadUntilLineAsync("220-", TimeSpan.FromSeconds(5)), node.Log);
        }

        Assert.Contains(client.Lines, l => l.At > reloadedAt && l.Line.StartsWith("220-", StringComparison.Ordinal));
        Assert.Equal(1, (await node.GetJsonAsync("/api/sessions?held=true")).GetArrayLength());
        Assert.False(node.Process.HasExited, node.Log);
    }

    /// <summary>
    /// An allow-list edit (<c>smtp.permit</c>) by SIGHUP: the next connection from the listed address is not judged
    /// (the whole greeting at once, no hold), and the client held before the reload keeps its trickle.
    /// </summary>
    [Fact]
    public async Task Sighup_applies_a_new_permit_to_new_sessions_and_the_held_client_keeps_its_trickle_issue17()
    {
        WriteConfig("1");
        using var node = await RunningNode.StartFromFileAsync(ConfigFile, dnsbl.Server.ServerSpec);
        using var held = await HeldClientAsync(node);

        WriteConfig("1", "smtp.permit = [\"127.0.0.2/32\"]");
        await ReloadAsync(node);
        Assert.Contains("actortrap.smtp.permit", node.Log, StringComparison.Ordinal);

        // Permitted now: no DNSBL lookup, no greeting pause, no hold; the final greeting line comes at once (a held
        // client gets it only after hold-reply-time, 60 s here).
        using var permitted = await RawSmtpClient.ConnectAsync(Listed, node.Smtp);
        Assert.True(await permitted.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(5)), node.Log);
        Assert.DoesNotContain(held.Lines, l => l.Line.StartsWith("220 ", StringComparison.Ordinal));
        Assert.Equal(1, (await node.GetJsonAsync("/api/sessions?held=true")).GetArrayLength());

        var reloadedAt = held.Clock.Elapsed;
        Assert.True(await held.ReadUntilLineAsync("220-", TimeSpan.FromSeconds(5)), node.Log);
        Assert.Contains(held.Lines, l => l.At > reloadedAt && l.Line.StartsWith("220-", StringComparison.Ordinal));
        Assert.False(node.Process.HasExited, node.Log);
    }

    [Fact]
    public async Task Sighup_with_an_invalid_edit_is_refused_with_its_error_logged_and_the_old_weight_stays_issue17()
    {
        WriteConfig("2");
        using var node = await RunningNode.StartFromFileAsync(ConfigFile, dnsbl.Server.ServerSpec);
        using var client = await RawSmtpClient.ConnectAsync(Listed, node.Smtp);
        Assert.True(await client.ReadUntilLineAsync("220-", TimeSpan.FromSeconds(10)), node.Log);

        WriteConfig("\"heavy\"");
        node.Process.Signal(SIGHUP);

        await Poll.UntilAsync(() => node.Log.Contains("Reload refused", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the refusal is logged");
        // One line per error, located as `config check` prints it.
        Assert.Matches(new Regex(Regex.Escape(ConfigFile) + @":10:\d+: .*weight"), node.Log);
        Assert.Equal(2, ZoneWeight(await node.GetJsonAsync("/api/dns/stats")));

        // A key that cannot change at run time is named and left as it was; the rest of the reload applies.
        WriteConfig("4", "smtp.max-commands = 30");
        await ReloadAsync(node);
        Assert.Contains("actortrap.smtp.max-commands changed but needs a restart", node.Log, StringComparison.Ordinal);
        await node.WaitForJsonAsync("/api/dns/stats", s => ZoneWeight(s) == 4);

        Assert.True(await client.ReadUntilLineAsync("220-", TimeSpan.FromSeconds(5)), node.Log);
        var metrics = await node.Http.GetStringAsync("/metrics");
        Assert.Matches(@"actortrap_node_config_reloads_total\{outcome=""refused""\} 1\b", metrics);
        Assert.Matches(@"actortrap_node_config_reloads_total\{outcome=""succeeded""\} 1\b", metrics);
    }

    [Fact]
    public async Task Ctl_reload_applies_the_edit_and_prints_a_refusals_errors_issue17()
    {
        WriteConfig("1");
        using var node = await RunningNode.StartFromFileAsync(ConfigFile, dnsbl.Server.ServerSpec);
        string[] ctl = ["ctl", "reload", "--admin", node.Admin.ToString()];

        WriteConfig("5", "smtp.traps.addresses = [\"spamtrap@e2e.test\"]");
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(ctl, TimeSpan.FromSeconds(30));
        Assert.True(code == 0, stderr + node.Log);
        Assert.Contains("actortrap.dnsbl.zones", stdout, StringComparison.Ordinal);
        Assert.Contains("actortrap.smtp.traps.addresses", stdout, StringComparison.Ordinal);
        Assert.Equal(5, ZoneWeight(await node.GetJsonAsync("/api/dns/stats")));
        Assert.Contains("Reload requested by the admin API", node.Log, StringComparison.Ordinal);

        WriteConfig("5", "smtp.traps.addresses = 12 }");
        (code, _, stderr) = await ActorTrapProcess.RunAsync(ctl, TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.Contains("reload refused", stderr, StringComparison.Ordinal);
        Assert.Contains(ConfigFile + ":", stderr, StringComparison.Ordinal);
        Assert.Equal(5, ZoneWeight(await node.GetJsonAsync("/api/dns/stats")));
    }

    /// <summary>A client from the listed address, greeted with the first trickle line and held by the node.</summary>
    private static async Task<RawSmtpClient> HeldClientAsync(RunningNode node)
    {
        var client = await RawSmtpClient.ConnectAsync(Listed, node.Smtp);
        Assert.True(await client.ReadUntilLineAsync("220-", TimeSpan.FromSeconds(10)), node.Log);
        await node.WaitForJsonAsync("/api/sessions?held=true", s => s.GetArrayLength() == 1);
        return client;
    }

    /// <summary>SIGHUP, as <c>systemctl reload</c> sends it, and the node's log line saying the reload applied.</summary>
    private static async Task ReloadAsync(RunningNode node)
    {
        node.Process.Signal(SIGHUP);
        await Poll.UntilAsync(() => node.Log.Contains("Configuration reloaded", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the reload is logged");
    }

    private static double? ZoneWeight(JsonElement stats) =>
        stats.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("zone").GetString() == Zone).GetProperty("weight").GetDouble();

    public void Dispose() => dir.Delete(recursive: true);

    public sealed class Dnsbl : IAsyncLifetime
    {
        public Rbldnsd Server { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Server = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the reload zone: $\n127.0.0.2\n"));

        public Task DisposeAsync()
        {
            Server.Dispose();
            return Task.CompletedTask;
        }
    }
}
