using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Tagged trap addresses end to end in a real node (issue 18): a harvester on 127.0.0.12 fetches the trap page with a
/// real HTTP client and gets its own address; a spambot on 127.0.0.13 writes to it. The spambot is listed as a trap
/// sinner and the harvester in its own class, with the harvest and the delay in its TXT answer and in ctl lookup.
/// By default the harvester is kept out of the zone and the plain feed; with block on it is answered 127.0.0.20.
/// </summary>
public sealed partial class TaggedTrapEndToEndSpec
{
    private const string UpstreamZone = "bl.upstream.test";
    private const string OurZone = "bl.actortrap.test";
    private const string TrapDomain = "trap.e2e.test";
    private static readonly IPAddress Harvester = IPAddress.Parse("127.0.0.12");
    private static readonly IPAddress Spambot = IPAddress.Parse("127.0.0.13");

    [Fact]
    public async Task Harvester_and_spambot_are_listed_in_their_classes_and_block_answers_the_harvester_with_its_own_code()
    {
        var (node, responder, page) = await StartAsync(block: true);
        using var running = node;
        using var upstream = responder.Upstream;
        var address = await FetchAddressAsync(page, running);
        Assert.Matches($"^[a-z2-7]{{31}}@{Regex.Escape(TrapDomain)}$", address);
        await SpamAsync(address, running);

        var harvesterCode = await EventuallyAsync(() => Dig.ShortAsync(responder.EndPoint, $"12.0.0.127.{OurZone}"), running);
        Assert.Equal(["127.0.0.20"], harvesterCode);
        var txt = await Dig.ShortAsync(responder.EndPoint, $"12.0.0.127.{OurZone}", "TXT");
        Assert.Contains(txt, t => t.Contains("(harvester)", StringComparison.Ordinal) && t.Contains("used by 127.0.0.13 after ", StringComparison.Ordinal));
        Assert.Equal(["127.0.0.3"], await EventuallyAsync(() => Dig.ShortAsync(responder.EndPoint, $"13.0.0.127.{OurZone}"), running));

        await EventuallyAsync(async () => (await running.Http.GetStringAsync("/feed.txt")).Contains("127.0.0.12\n", StringComparison.Ordinal)
            ? ["listed"] : (IReadOnlyList<string>)[], running);
    }

    [Fact]
    public async Task By_default_the_harvester_informs_in_lookup_and_csv_but_is_not_in_the_zone_or_the_plain_feed()
    {
        var (node, responder, page) = await StartAsync(block: false);
        using var running = node;
        using var upstream = responder.Upstream;
        var robots = await new HttpClient().GetStringAsync(new Uri(page, "/robots.txt"));
        Assert.Contains("Disallow: /contact", robots, StringComparison.Ordinal);

        var address = await FetchAddressAsync(page, running);
        await SpamAsync(address, running);

        var lookup = await running.WaitForJsonAsync("/api/lookup/127.0.0.12", j => j.GetProperty("listed").GetBoolean());
        Assert.Equal("harvester", lookup.GetProperty("class").GetString());
        var harvest = Assert.Single(lookup.GetProperty("harvests").EnumerateArray());
        Assert.Equal("127.0.0.13", harvest.GetProperty("usedBy").GetString());
        Assert.EndsWith("m", harvest.GetProperty("delay").GetString(), StringComparison.Ordinal);
        var spambot = await running.WaitForJsonAsync("/api/lookup/127.0.0.13", j => j.GetProperty("listed").GetBoolean());
        Assert.Equal("trap", spambot.GetProperty("class").GetString());

        // Informs and never blocks: not answered, not in the list firewalls read, but in the CSV feed with its class.
        Assert.Empty(await Dig.ShortAsync(responder.EndPoint, $"12.0.0.127.{OurZone}"));
        Assert.Equal(["127.0.0.3"], await Dig.ShortAsync(responder.EndPoint, $"13.0.0.127.{OurZone}"));
        // The feeds follow the list at the publish poll; once the CSV shows the harvester, the plain feed has seen it too.
        await EventuallyAsync(async () => (await running.Http.GetStringAsync("/feed.csv")).Contains("127.0.0.12,harvester,", StringComparison.Ordinal)
            ? ["listed"] : (IReadOnlyList<string>)[], running);
        var plain = await running.Http.GetStringAsync("/feed.txt");
        Assert.Contains("127.0.0.13\n", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.12", plain, StringComparison.Ordinal);

        var (exit, stdout, stderr) = await ActorTrapProcess.RunAsync(["ctl", "lookup", "127.0.0.12", "--admin", running.Admin.ToString()], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        Assert.Contains("harvester", stdout, StringComparison.Ordinal);
        Assert.Contains("127.0.0.13", stdout, StringComparison.Ordinal);

        // The dashboard shows the harvester: a tile, and a row with who used the address and after how long.
        await using var browser = await HeadlessChromium.StartAsync(1280, 1600);
        await browser.NavigateAsync(new Uri(running.Admin, "/dashboard?every=1"));
        const string row = "document.querySelector('#table-harvesters tr[data-network=\"127.0.0.12\"]')";
        await browser.WaitForAsync($"{row} !== null", TimeSpan.FromSeconds(20));
        var shown = await browser.EvaluateAsync($$"""
            (() => ({ usedBy: {{row}}.cells[2].textContent, delay: {{row}}.cells[3].textContent,
                      tile: Number(document.querySelector('#tile-harvesters').dataset.value) }))()
            """);
        Assert.Equal("127.0.0.13", shown.GetProperty("usedBy").GetString());
        Assert.Matches("^[0-9]+m$", shown.GetProperty("delay").GetString()!);
        Assert.Equal(1, shown.GetProperty("tile").GetInt32());
    }

    [Fact]
    public async Task Page_under_a_flood_from_one_client_serves_its_burst_and_limits_the_rest()
    {
        var (node, responder, page) = await StartAsync(block: false, "actortrap.traps.page.rate-limit=1", "actortrap.traps.page.rate-limit-burst=3");
        using var running = node;
        using var upstream = responder.Upstream;
        using var client = BoundClient(Harvester);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync(new Uri(page, "/contact"));
            codes.Add(response.StatusCode);
        }

        Assert.Equal(3, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(37, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        var metrics = await running.Http.GetStringAsync("/metrics");
        Assert.Matches("actortrap_traps_page_visits_total\\{[^}]*result=\"limited\"[^}]*\\} 37", metrics);
        Assert.Matches("actortrap_traps_page_clients(\\{[^}]*\\})? 1", metrics);
    }

    [Fact]
    public async Task Reload_rotates_the_keys_so_tokens_of_a_removed_key_no_longer_name_their_harvester()
    {
        using var upstream = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(UpstreamZone, "127.0.0.2\n"));
        var dir = Directory.CreateTempSubdirectory("actortrap-traps-");
        try
        {
            var config = Path.Combine(dir.FullName, "actortrap.conf");
            var pagePort = FreePort.UdpAndTcp();
            void Write(int id) => File.WriteAllText(config, $$"""
                actortrap.traps.page {
                  listen = "127.0.0.1:{{pagePort}}"
                  domains = ["{{TrapDomain}}"]
                  keys = [{ id = {{id}}, secret = "e2e-rotated-secret-{{id}}-0123456789" }]
                  current-key = {{id}}
                }
                actortrap.traps.harvesters.never-list = []
                actortrap.smtp.permit = []
                actortrap.dnsbl.zones = [{ zone = "{{UpstreamZone}}", codes = "127.0.0.[2..11]" }]
                """);
            Write(1);
            using var node = await RunningNode.StartFromFileAsync(config, upstream.ServerSpec, "actortrap.smtp.greet-pause=1s", "actortrap.smtp.quit-wait=1s");
            var page = new Uri($"http://127.0.0.1:{pagePort}");
            var before = await FetchAddressAsync(page, node);

            Write(2);
            node.Process.Signal(1); // SIGHUP, as systemctl reload
            await Poll.UntilAsync(() => node.Log.Contains("Trap token keys reloaded: 1 keys, current 2", StringComparison.Ordinal), TimeSpan.FromSeconds(15),
                "the key reload is logged");
            var after = await FetchAddressAsync(page, node);
            Assert.NotEqual(before, after);

            await SpamAsync(before, node);
            await SpamAsync(after, node);
            var metrics = await node.Http.GetStringAsync("/metrics");
            Assert.Matches("actortrap_traps_tokens_total\\{[^}]*result=\"unknown-key\"[^}]*\\} 1", metrics);
            Assert.Matches("actortrap_traps_tokens_total\\{[^}]*result=\"opened\"[^}]*\\} 1", metrics);
            Assert.DoesNotContain("e2e-rotated-secret", node.Log, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(RunningNode Node, (Rbldnsd Upstream, IPEndPoint EndPoint) Responder, Uri Page)> StartAsync(bool block, params string[] more)
    {
        var upstream = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(UpstreamZone, "127.0.0.2\n"));
        var dnsPort = FreePort.UdpAndTcp();
        var pagePort = FreePort.UdpAndTcp();
        var node = await RunningNode.StartAsync(upstream.ServerSpec, UpstreamZone, settings:
        [
            "actortrap.smtp.greet-pause=1s",
            "actortrap.smtp.quit-wait=1s",
            $"actortrap.publish.dns.listen=[\"127.0.0.1:{dnsPort}\"]",
            $"actortrap.publish.dns.zone=\"{OurZone}\"",
            $"actortrap.traps.page.listen=\"127.0.0.1:{pagePort}\"",
            $"actortrap.traps.page.domains=[\"{TrapDomain}\"]",
            "actortrap.traps.page.keys=[{id = 1, secret = \"e2e-trap-secret-0123456789\"}]",
            "actortrap.traps.page.current-key=1",
            // Loopback is special-use and never listed as a harvester by default; these specs run on it.
            "actortrap.traps.harvesters.never-list=[]",
            $"actortrap.traps.harvesters.block={(block ? "on" : "off")}",
            .. more,
        ]);
        return (node, (upstream, new IPEndPoint(IPAddress.Loopback, dnsPort)), new Uri($"http://127.0.0.1:{pagePort}"));
    }

    /// <summary>A real HTTP client whose connections come from <paramref name="source"/>: the page seals the socket peer.</summary>
    private static HttpClient BoundClient(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<string> FetchAddressAsync(Uri page, RunningNode node)
    {
        using var client = BoundClient(Harvester);
        var html = await client.GetStringAsync(new Uri(page, "/contact"));
        var match = MailTo().Match(html);
        Assert.True(match.Success, html + "\n" + node.Log);
        return match.Groups[1].Value;
    }

    private static async Task SpamAsync(string address, RunningNode node)
    {
        using var bot = await RawSmtpClient.ConnectAsync(Spambot, node.Smtp);
        Assert.True(await bot.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), node.Log);
        foreach (var line in new[] { "EHLO bot.example.net", "MAIL FROM:<offer@bot.example.net>", $"RCPT TO:<{address.ToUpperInvariant()}>", "DATA" })
        {
            await bot.SendAsync(line);
            Assert.True(await bot.ReadUntilLineAsync(line == "DATA" ? "451" : "250 ", TimeSpan.FromSeconds(10)), node.Log);
        }

        await bot.SendAsync("QUIT");
        Assert.True(await bot.ReadUntilLineAsync("221", TimeSpan.FromSeconds(10)), node.Log);
    }

    private static async Task<IReadOnlyList<string>> EventuallyAsync(Func<Task<IReadOnlyList<string>>> probe, RunningNode node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var result = await probe();
            if (result.Count > 0)
            {
                return result;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("never answered; node log:\n" + node.Log);
    }

    [GeneratedRegex("mailto:([^\"]+)\"")]
    private static partial Regex MailTo();
}
