using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// The dashboard (issue 9) in a real headless Chromium against a real <c>actortrap run</c> whose DNSBL is a real
/// rbldnsd listing 127.0.0.2: the token is typed into the page, listed and unlisted clients connect, and the charts,
/// tables and tiles must show exactly what the node's own /metrics and admin API report. Screenshots of a laptop and
/// a phone layout are saved under the test output directory (dashboard/).
/// </summary>
public sealed class DashboardEndToEndSpec
{
    private const string Zone = "bl.dash.test";
    private const string Token = "dashboard-spec-token-3b9e71";

    // A HELO that would be markup if the page inserted it as HTML.
    private const string HtmlHelo = "<img/src=x/onerror=alert(1)>";

    private static readonly IPAddress Listed = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Unlisted = IPAddress.Parse("127.0.0.1");

    // Its own address: 127.0.0.1 is listed by its GETs within a second, and from then on the node holds it.
    private static readonly IPAddress HeloClient = IPAddress.Parse("127.0.0.3");

    // Retries 127.0.0.3's envelope from the same /24: the retried virtue (issue 15) on the retries tile.
    private static readonly IPAddress RetryClient = IPAddress.Parse("127.0.0.4");

    // Listed by hand: a whole IPv6 provider, a /32 like an IPv4 address's prefix, and a network all the same (issue 17).
    private const string ManualNetwork = "2001:db8::/32";

    [Fact]
    public async Task Dashboard_in_headless_chromium_charts_the_held_shed_and_observed_traffic_exactly_as_the_node_counts_it()
    {
        using var dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the dashboard zone: $\n127.0.0.2\n"));
        // Three held at most, so a fourth listed client is shed; holds short enough to end within the test.
        using var node = await RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
            [$"actortrap.admin.token=\"{Token}\"", "actortrap.smtp.hold=6s", "actortrap.smtp.trickle-interval=1s", "actortrap.smtp.max-held=3",
             "actortrap.smtp.greet-pause=1s", "actortrap.smtp.retry.min-delay=0s"]);
        node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await using var browser = await HeadlessChromium.StartAsync(1280, 1600);

        // The page opens without the token (it holds no data) and asks for it.
        await browser.NavigateAsync(new Uri(node.Admin, "/dashboard?every=1"));
        await browser.WaitForAsync($"{Shown("login")} && !{Shown("panels")}", TimeSpan.FromSeconds(15));
        await browser.TypeAsync("#token", Token);
        await browser.PressEnterAsync();
        await browser.WaitForAsync($"Number(document.body.dataset.polls) >= 2 && {Shown("panels")} && !{Shown("login")}", TimeSpan.FromSeconds(15));

        await DriveTrafficAsync(node);
        // Quiet: every session ended and counted. From here the node's numbers stay put, and the page must reach them.
        var stats = await node.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("open").GetInt32() == 0, TimeSpan.FromSeconds(30));
        var metrics = await node.Http.GetStringAsync("/metrics");
        // Both clients get listed: the GETs by behaviour; 127.0.0.2 by hand, since being on another DNSBL is only
        // corroborating evidence and never lists in our own list alone (issue 15).
        Assert.Equal(0, (await node.GetJsonAsync("/feed.json")).GetProperty("listings").EnumerateArray()
            .Count(l => l.GetProperty("network").GetString() == "127.0.0.2/32"));
        using (var manual = await node.Http.PostAsJsonAsync("/api/list", new { ip = "127.0.0.2", reason = "dashboard spec" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, manual.StatusCode);
        }

        using (var manual = await node.Http.PostAsJsonAsync("/api/list", new { ip = ManualNetwork, reason = "dashboard spec network" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, manual.StatusCode);
        }

        var feed = await node.WaitForJsonAsync("/feed.json", f => f.GetProperty("count").GetInt32() == 3);
        var dns = await node.GetJsonAsync("/api/dns/stats");
        var polls = (await browser.EvaluateAsync("Number(document.body.dataset.polls)")).GetInt32();
        await browser.WaitForAsync($"Number(document.body.dataset.polls) >= {polls + 2}", TimeSpan.FromSeconds(15));

        var page = await browser.EvaluateAsync(ReadPage);
        var outcomes = page.GetProperty("outcomes");
        Assert.Equal(3, Count(outcomes, "held"));
        Assert.Equal(Metric(metrics, "actortrap_smtp_sessions_total", "outcome=\"held\""), Count(outcomes, "held"));
        Assert.Equal(Metric(metrics, "actortrap_smtp_sessions_total", "outcome=\"observed\""), Count(outcomes, "observed"));
        Assert.Equal(7, Count(outcomes, "observed")); // five GETs, the HELO client and its retry
        Assert.Equal(Metric(metrics, "actortrap_smtp_sessions_total", "outcome=\"shed\"") + Metric(metrics, "actortrap_smtp_connections_shed_total"),
            Count(outcomes, "shed"));
        Assert.Equal(1, Count(outcomes, "shed"));
        Assert.Equal(0, Count(outcomes, "dropped"));

        // Three held at once: the held chart rose to the cap and came back to zero.
        var held = Assert.Single(page.GetProperty("held").EnumerateObject()).Value;
        Assert.Equal(3, held.GetProperty("max").GetDouble());
        Assert.Equal(0, held.GetProperty("last").GetDouble());

        // Every sin drawn is counted as /metrics counts it; the five GET requests are among them.
        var sins = page.GetProperty("sins");
        Assert.Equal(5, Count(sins, "non-smtp"));
        foreach (var sin in sins.EnumerateObject())
        {
            Assert.Equal(Metric(metrics, "actortrap_smtp_sins_total", $"sin=\"{sin.Name}\""), sin.Value.GetProperty("count").GetDouble());
        }

        Assert.Contains("non-smtp", page.GetProperty("sinShare").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(stats.GetProperty("held").GetInt32(), page.GetProperty("tiles").GetProperty("held").GetDouble());
        Assert.Equal(stats.GetProperty("heldSeconds").GetDouble(), page.GetProperty("tiles").GetProperty("wasted").GetDouble(), 3);
        Assert.InRange(page.GetProperty("tiles").GetProperty("wasted").GetDouble(), 3 * 5.5, 3 * 12);
        Assert.Equal(stats.GetProperty("bytesTrickled").GetInt64(), page.GetProperty("tiles").GetProperty("trickled").GetInt64());
        Assert.True(page.GetProperty("tiles").GetProperty("trickled").GetInt64() > 0);
        Assert.Equal(1, Metric(metrics, "actortrap_smtp_sins_total", "sin=\"retried\""));
        Assert.Equal(1, page.GetProperty("tiles").GetProperty("retries").GetDouble());

        // Listings, top addresses and networks come from the feed.
        var networks = feed.GetProperty("listings").EnumerateArray().Select(l => l.GetProperty("network").GetString()).Order().ToList();
        Assert.Equal(["127.0.0.1/32", "127.0.0.2/32", ManualNetwork], networks);
        Assert.Equal(networks, page.GetProperty("listings").EnumerateArray().Select(e => e.GetString()).Order().ToList());
        Assert.Contains("non-smtp", page.GetProperty("reasons127001").GetString(), StringComparison.Ordinal);
        // Issue 17: the network listed by hand is a network, not an address.
        Assert.Equal(["127.0.0.1", "127.0.0.2"], page.GetProperty("topIps").EnumerateArray().Select(e => e.GetString()).Order().ToList());
        Assert.Equal(["127.0.0.0/24", ManualNetwork], page.GetProperty("topNets").EnumerateArray().Select(e => e.GetString()).Order().ToList());

        // Issue 17: no chart repeats a y-axis label, and a node up for less than ten minutes shows no time wasted per hour
        // extrapolated from a minute: what was wasted so far.
        foreach (var chart in page.GetProperty("yTicks").EnumerateObject())
        {
            var labels = chart.Value.EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.True(labels.Distinct().Count() == labels.Count, $"{chart.Name}: {string.Join(", ", labels)}");
        }

        Assert.EndsWith(" so far", page.GetProperty("wastedHour").GetString(), StringComparison.Ordinal);
        Assert.Equal(stats.GetProperty("heldSeconds").GetDouble(), page.GetProperty("tiles").GetProperty("wastedHour").GetDouble(), 3);

        var zone = Assert.Single(dns.GetProperty("zones").EnumerateArray());
        Assert.Equal("enabled", page.GetProperty("zoneState").GetString());
        Assert.Equal(zone.GetProperty("queries").GetInt64().ToString(CultureInfo.InvariantCulture), page.GetProperty("zoneChecks").GetString());

        // Attacker text is text: the HELO shows as typed and made no element.
        Assert.Equal(HtmlHelo, page.GetProperty("helo").GetString());
        Assert.Equal(0, page.GetProperty("images").GetInt32());

        await AssertClusterPanelAsync(node, page);
        await AssertPageParsesAsync(browser, metrics);
        Assert.DoesNotContain(browser.PageEvents, e => e.StartsWith("exception:", StringComparison.Ordinal) || e.Contains("Content Security Policy", StringComparison.Ordinal));

        var laptop = await SaveScreenshotAsync(browser, "dashboard-1280.png");

        // A phone: one column, nothing wider than the screen.
        await browser.SetViewportAsync(390, 844, mobile: true);
        await browser.WaitForAsync(
            "[...document.querySelectorAll('.chart > svg')].every(s => Number(s.getAttribute('width')) <= window.innerWidth - 20) && document.documentElement.scrollWidth <= window.innerWidth",
            TimeSpan.FromSeconds(10));
        await SaveScreenshotAsync(browser, "dashboard-phone.png");
        await browser.ResetViewportAsync();

        // The token stays in the tab: a reload shows the data without asking again.
        await browser.ReloadAsync();
        await browser.WaitForAsync($"!{Shown("login")} && {Shown("panels")} && Number(document.body.dataset.polls) >= 1", TimeSpan.FromSeconds(15));
        Assert.True(laptop.Length > 20_000, $"screenshot of {laptop.Length} bytes");

        await AssertFragmentTokenAndHistoryAsync(node, browser, metrics);

        // Without the token the page asked once and stopped, rather than keep knocking (each refusal is a log line).
        Assert.Single(node.Log.Split('\n'), l => l.Contains("refused: ", StringComparison.Ordinal));
    }

    /// <summary>Four listed clients (three held, one shed), five unlisted ones sending HTTP, one more with an HTML HELO that reaches DATA.</summary>
    private static async Task DriveTrafficAsync(RunningNode node)
    {
        var listed = new List<RawSmtpClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                listed.Add(await RawSmtpClient.ConnectAsync(Listed, node.Smtp));
            }

            // While they are held, their time counts already: the hold time of clients still held is in /api/dashboard.
            await node.WaitForJsonAsync("/api/smtp/stats", s => s.GetProperty("held").GetInt32() == 3);
            var dashboard = await node.WaitForJsonAsync("/api/dashboard", d => d.GetProperty("heldSecondsOngoing").GetDouble() > 0);
            Assert.Equal(3, dashboard.GetProperty("held").GetInt32());
            Assert.InRange(dashboard.GetProperty("heldSecondsOngoing").GetDouble(), 0.001, 3 * 6);
            Assert.NotEqual(JsonValueKind.Null, dashboard.GetProperty("oldestHeldSince").ValueKind);

            var web = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                var client = await RawSmtpClient.ConnectAsync(Unlisted, node.Smtp);
                await client.SendAsync("GET / HTTP/1.0");
                return client;
            }));
            foreach (var client in web)
            {
                Assert.True(await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(15)), node.Log);
                client.Dispose();
            }

            using (var helo = await RawSmtpClient.ConnectAsync(HeloClient, node.Smtp))
            {
                Assert.True(await helo.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), node.Log);
                foreach (var (line, reply) in new[] { ("HELO " + HtmlHelo, "250"), ("MAIL FROM:<a@sender.example>", "250"), ("RCPT TO:<b@e2e.test>", "250"), ("DATA", "451") })
                {
                    await helo.SendAsync(line);
                    Assert.True(await helo.ReadUntilLineAsync(reply, TimeSpan.FromSeconds(10)), $"{line}: {string.Join('\n', helo.Lines)}");
                }
            }

            // Another host of the same /24 comes back with the envelope refused above: a retry (no delay needed here).
            using (var retry = await RawSmtpClient.ConnectAsync(RetryClient, node.Smtp))
            {
                Assert.True(await retry.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), node.Log);
                foreach (var (line, reply) in new[] { ("HELO mail.sender.example", "250"), ("MAIL FROM:<a@sender.example>", "250"), ("RCPT TO:<b@e2e.test>", "250"), ("DATA", "451"), ("QUIT", "221") })
                {
                    await retry.SendAsync(line);
                    Assert.True(await retry.ReadUntilLineAsync(reply, TimeSpan.FromSeconds(10)), $"{line}: {string.Join('\n', retry.Lines)}");
                }
            }

            // The holds end with 421 and a close; the shed client was closed at once.
            foreach (var client in listed)
            {
                Assert.True(await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(20)), node.Log);
            }
        }
        finally
        {
            foreach (var client in listed)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Issue 17: a fresh tab opened with <c>#token=...</c> (a wall display) shows the data without asking, and the token
    /// is gone from the address; and its charts start with the node's last hour (/api/dashboard/history) instead of
    /// empty: on the first poll the held chart has a point per history sample and the rates add up to /metrics.
    /// </summary>
    private static async Task AssertFragmentTokenAndHistoryAsync(RunningNode node, HeadlessChromium browser, string metrics)
    {
        var history = await node.GetJsonAsync("/api/dashboard/history");
        var samples = history.GetProperty("samples").GetArrayLength();
        Assert.True(samples >= 1, history.ToString());
        Assert.Equal(10, history.GetProperty("everySeconds").GetDouble());

        await browser.EvaluateAsync("sessionStorage.clear()");
        // A refresh of a minute: what the page shows at its first poll stays put while it is read.
        await browser.NavigateAsync(new Uri(node.Admin, $"/dashboard?every=60#token={Token}"));
        await browser.WaitForAsync($"!{Shown("login")} && {Shown("panels")} && Number(document.body.dataset.polls) >= 1", TimeSpan.FromSeconds(15));
        var seen = await browser.EvaluateAsync("""
            ({ href: location.href, hash: location.hash, kept: sessionStorage.getItem('actortrap.admin.token'),
               held: Number(document.querySelector('[data-chart="held"] g[data-series]').dataset.points), polls: Number(document.body.dataset.polls) })
            """);
        Assert.DoesNotContain(Token, seen.GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.Equal("", seen.GetProperty("hash").GetString());
        Assert.Equal(Token, seen.GetProperty("kept").GetString());
        Assert.Equal(1, seen.GetProperty("polls").GetInt32());
        Assert.True(seen.GetProperty("held").GetInt32() >= samples + 1, $"{seen}, {samples} history samples");

        // The node was quiet since /metrics was read: the rates drawn from its history and one poll count every session.
        var page = await browser.EvaluateAsync(ReadPage);
        var outcomes = page.GetProperty("outcomes");
        Assert.Equal(Metric(metrics, "actortrap_smtp_sessions_total", "outcome=\"held\""), Count(outcomes, "held"));
        Assert.Equal(Metric(metrics, "actortrap_smtp_sessions_total", "outcome=\"observed\""), Count(outcomes, "observed"));
        Assert.Equal(Metric(metrics, "actortrap_smtp_sins_total", "sin=\"non-smtp\""), Count(page.GetProperty("sins"), "non-smtp"));
    }

    /// <summary>The cluster panel says what the node says: its members, or that it does not serve /api/cluster.</summary>
    private static async Task AssertClusterPanelAsync(RunningNode node, JsonElement page)
    {
        using var reply = await node.Http.GetAsync("/api/cluster");
        if (reply.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Contains("does not serve /api/cluster", page.GetProperty("clusterNote").GetString(), StringComparison.Ordinal);
            return;
        }

        var cluster = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(
            cluster.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order(),
            page.GetProperty("members").EnumerateArray().Select(m => m.GetString()).Order());
    }

    /// <summary>
    /// The page's own reading of the node's data, run in the browser: every sample of the real /metrics text, label
    /// escapes of the exposition format, and the /24 and /64 a listing is grouped under.
    /// </summary>
    private static async Task AssertPageParsesAsync(HeadlessChromium browser, string metrics)
    {
        var samples = metrics.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        var tricky = "x_total{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 2\nx_total{a=\"plain\"} 3 1700000000000\n";
        var result = await browser.EvaluateAsync($$"""
            import('/dashboard/metrics.js').then(m => {
              const real = m.parsePrometheus({{JsonSerializer.Serialize(metrics)}});
              const x = m.parsePrometheus({{JsonSerializer.Serialize(tricky)}}).get('x_total');
              return {
                samples: [...real.values()].reduce((a, s) => a + s.length, 0),
                labels: x.map(s => s.labels.a + '|' + (s.labels.b ?? '') + '|' + (s.labels.c ?? '')),
                sum: m.total(m.parsePrometheus({{JsonSerializer.Serialize(tricky)}}), 'x_total'),
                nets: ['192.0.2.77', '2001:db8::1', '2001:DB8:0:12:34::', '::1', 'fe80::1:2:3:4:5'].map(m.networkOf),
                single: ['192.0.2.7/32', '2001:db8::/32', '2001:db8::1/128', '192.0.2.0/24'].map(m.isSingleAddress),
                soFar: m.wastedPerHour([{ t: 0, v: 0 }, { t: 60000, v: 60 }]),
                hour: m.wastedPerHour([{ t: 0, v: 100 }, { t: 300000, v: 200 }, { t: 600000, v: 700 }]),
              };
            }).then(r => import('/dashboard/charts.js').then(c => ({ ...r,
              bytes: c.axisTicks(0.3, c.niceMax, v => `${Math.round(v)} B/s`).ticks.map(t => t.label),
              flat: c.axisTicks(0.001, c.niceMax, () => 'same').ticks.map(t => t.label),
            })))
            """);
        Assert.Equal(samples, result.GetProperty("samples").GetInt32());
        Assert.Equal(["q\"uote|back\\slash|new\nline", "plain||"], result.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, result.GetProperty("sum").GetDouble());
        Assert.Equal(["192.0.2.0/24", "2001:db8::/64", "2001:db8:0:12::/64", "::/64", "fe80:0:0:1::/64"],
            result.GetProperty("nets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([true, false, true, false], result.GetProperty("single").EnumerateArray().Select(e => e.GetBoolean()));

        // Issue 17: a minute is no hour (no rate, what was wasted so far); ten minutes are: 600 s over 600 s is an hour per hour.
        Assert.Equal(JsonValueKind.Null, result.GetProperty("soFar").GetProperty("perHour").ValueKind);
        Assert.Equal(60, result.GetProperty("soFar").GetProperty("seconds").GetDouble());
        Assert.Equal(3600, result.GetProperty("hour").GetProperty("perHour").GetDouble());

        // Issue 17: 0.3 B/s once made the ticks "1 B/s, 1 B/s, 0 B/s"; the axis grows until each label differs.
        Assert.Equal(["0 B/s", "1 B/s", "2 B/s"], result.GetProperty("bytes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["same"], result.GetProperty("flat").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<byte[]> SaveScreenshotAsync(HeadlessChromium browser, string name)
    {
        var png = await browser.ScreenshotAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "dashboard"));
        await File.WriteAllBytesAsync(Path.Combine(directory.FullName, name), png);
        return png;
    }

    /// <summary>A JavaScript test that the element is laid out (shown), whatever hides it (attribute or style).</summary>
    private static string Shown(string id) => $"(document.getElementById('{id}').getClientRects().length > 0)";

    private static double Count(JsonElement series, string name) =>
        series.TryGetProperty(name, out var s) && s.TryGetProperty("count", out var c) ? c.GetDouble() : 0;

    /// <summary>Sum of the samples of <paramref name="name"/> in Prometheus text whose labels contain <paramref name="label"/>.</summary>
    private static double Metric(string text, string name, string? label = null) =>
        text.Split('\n')
            .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>What the page shows, read from its DOM: the charts' series attributes, tiles, tables and bars.</summary>
    private const string ReadPage = """
        (() => {
          const $ = s => document.querySelector(s);
          const all = s => [...document.querySelectorAll(s)];
          const series = chart => Object.fromEntries(all(`[data-chart="${chart}"] g[data-series]`).map(g => [g.dataset.series, {
            max: Number(g.dataset.max ?? 0), last: Number(g.dataset.last ?? 0), count: Number(g.dataset.count ?? 0), points: Number(g.dataset.points) }]));
          const tile = id => Number($(`#${id}`).dataset.value);
          const zone = $('#table-zones tr[data-zone]');
          const verdict = all('#table-verdicts tr[data-client]').find(tr => tr.cells[6].textContent.startsWith('<'));
          return {
            held: series('held'), outcomes: series('outcomes'), sins: series('sins'),
            sinShare: all('#bars-sin-share .bar-row').map(r => r.dataset.label),
            tiles: { held: tile('tile-held'), wasted: tile('tile-wasted'), trickled: tile('tile-trickled'), retries: tile('tile-retries'), wastedHour: tile('tile-wasted-hour') },
            wastedHour: $('#tile-wasted-hour .tile-value').textContent,
            yTicks: Object.fromEntries(all('[data-chart]').map(c => [c.dataset.chart, [...c.querySelectorAll('text.y-tick')].map(t => t.textContent)])),
            listings: all('#table-listings tr[data-network]').map(tr => tr.dataset.network),
            reasons127001: $('#table-listings tr[data-network="127.0.0.1/32"]')?.cells[3].textContent ?? '',
            topIps: all('#bars-top-ips .bar-row').map(r => r.dataset.label),
            topNets: all('#bars-top-nets .bar-row').map(r => r.dataset.label),
            zoneState: zone?.dataset.state ?? null, zoneChecks: zone?.cells[2].textContent ?? null,
            helo: verdict?.cells[6].textContent ?? null,
            images: all('#panels img').length,
            clusterNote: $('#cluster-note').hidden ? '' : $('#cluster-note').textContent,
            members: all('#table-cluster tr[data-member]').map(tr => tr.dataset.member),
          };
        })()
        """;
}
