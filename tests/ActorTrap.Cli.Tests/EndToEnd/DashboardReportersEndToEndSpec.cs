using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 18: a real <c>actortrap run</c> collecting the UDP feed from detectors det-a (capped at 2 new addresses a
/// minute) and det-b, fed ATF2 lines built here from the documented format (docs/udp-feed.md), so the wire format
/// is checked from outside the code that writes it. The dashboard in headless Chromium must show each reporter's
/// figures exactly as /api/feed/reporters reports them, and the listing the two agreed on.
/// </summary>
public sealed class DashboardReportersEndToEndSpec
{
    private const string Zone = "bl.reporters.test";
    private const string KeyA = "det-a-e2e-key-0123456789abcdef";
    private const string KeyB = "det-b-e2e-key-0123456789abcdef";

    private static byte[] Line(string keyId, string key, string ip, long timeMs)
    {
        var body = $"ATF2 {keyId} {timeMs.ToString(CultureInfo.InvariantCulture)} e2e-detector {ip} 3.5 pregreet=2,no-quit=1.5 observe observed 12000 0";
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(body)));
        return Encoding.ASCII.GetBytes(body + " " + mac);
    }

    [Fact]
    public async Task Dashboard_shows_each_reporters_figures_as_the_collector_counts_them_issue_18()
    {
        using var dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed: $\n127.0.0.2\n"));
        var feedPort = FreePort.UdpAndTcp();
        using var node = await RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
        [
            $"actortrap.publish.udp-feed.listen=\"127.0.0.1:{feedPort}\"",
            $"actortrap.publish.udp-feed.reporters {{ det-a {{ key = \"{KeyA}\", max-new-per-minute = 2 }}, det-b {{ key = \"{KeyB}\" }} }}",
        ]);
        Assert.DoesNotContain(KeyA, node.Log, StringComparison.Ordinal);

        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var collector = new IPEndPoint(IPAddress.Loopback, feedPort);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var forged = Line("det-a", KeyA, "11.7.7.6", now);
        forged[^1] = forged[^1] == (byte)'0' ? (byte)'1' : (byte)'0';
        byte[][] lines =
        [
            Line("det-a", KeyA, "11.7.7.7", now), Line("det-a", KeyA, "11.7.7.8", now), Line("det-a", KeyA, "11.7.7.9", now),
            Line("det-a", KeyA, "10.0.0.1", now), forged, Line("det-b", KeyB, "11.7.7.7", now + 1), Line("det-x", KeyB, "11.7.7.7", now + 2),
        ];
        foreach (var line in lines)
        {
            await udp.SendToAsync(line, SocketFlags.None, collector);
        }

        var api = await node.WaitForJsonAsync("/api/feed/reporters", r => Row(r, "det-b") is { } b && b.GetProperty("listings").GetInt32() == 1
            && Row(r, "unknown") is not null, TimeSpan.FromSeconds(30));
        var a = Row(api, "det-a")!.Value;
        Assert.Equal((2, 1, 1, 1, 1), (a.GetProperty("accepted").GetInt32(), a.GetProperty("rejected").GetInt32(), a.GetProperty("ignored").GetInt32(),
            a.GetProperty("capped").GetInt32(), a.GetProperty("listings").GetInt32()));
        Assert.Equal(1, Row(api, "unknown")!.Value.GetProperty("rejected").GetInt32());
        var listing = (await node.GetJsonAsync("/api/lookup/11.7.7.7")).GetProperty("listing");
        Assert.Equal(["det-a", "det-b"], listing.GetProperty("reporters").EnumerateArray().Select(e => e.GetString()));
        var metrics = await node.Http.GetStringAsync("/metrics");
        Assert.Contains("actortrap_publish_feed_reporter_lines_total{reporter=\"det-a\",result=\"capped\"", metrics, StringComparison.Ordinal);

        await using var browser = await HeadlessChromium.StartAsync(1280, 1600);
        await browser.NavigateAsync(new Uri(node.Admin, "/dashboard?every=1"));
        await browser.WaitForAsync("Number(document.body.dataset.polls) >= 2 && !document.getElementById('panel-reporters').hidden", TimeSpan.FromSeconds(15));
        var page = await browser.EvaluateAsync("""
            JSON.stringify([...document.querySelectorAll('#table-reporters tr[data-reporter]')].map(r => ({ ...r.dataset })))
            """);
        var rows = JsonDocument.Parse(page.GetString()!).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("reporter").GetString()!);
        Assert.Equal(["det-a", "det-b", "unknown"], rows.Keys.Order());
        foreach (var (name, row) in rows)
        {
            var expected = Row(api, name)!.Value;
            foreach (var figure in new[] { "accepted", "rejected", "ignored", "capped", "listings" })
            {
                Assert.Equal(expected.GetProperty(figure).GetInt64().ToString(CultureInfo.InvariantCulture), row.GetProperty(figure).GetString());
            }
        }

        var text = (await browser.EvaluateAsync("document.getElementById('panel-reporters').innerText")).GetString()!;
        Assert.Contains("not configured", text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, text, StringComparison.Ordinal);

        // The same figures from the command line, and the lookup names both reporters.
        var (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["ctl", "feed", "reporters", "--admin", node.Admin.ToString()], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var detA = stdout.Split('\n').Single(l => l.Contains("det-a", StringComparison.Ordinal));
        Assert.Matches(@"det-a\s.*weight 1\s+2\s+1\s+1\s+1\s+2\s+1\s", detA);
        Assert.Contains("not configured", stdout, StringComparison.Ordinal);
        (code, stdout, stderr) = await ActorTrapProcess.RunAsync(["ctl", "lookup", "11.7.7.7", "--admin", node.Admin.ToString()], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("det-a", stdout, StringComparison.Ordinal);
        Assert.Contains("det-b", stdout, StringComparison.Ordinal);
    }

    private static JsonElement? Row(JsonElement reporters, string name)
    {
        foreach (var row in reporters.GetProperty("reporters").EnumerateArray())
        {
            if (row.GetProperty("reporter").GetString() == name)
            {
                return row;
            }
        }

        return null;
    }
}
