using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ActorTrap.Dns;
using ActorTrap.Node.Tests.Publishing.Support;
using ActorTrap.Node.Tests.Support;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>/metrics of a real node, rendered by OpenTelemetry's Prometheus exporter and read with a strict parser of the text format.</summary>
public sealed partial class MetricsEndpointSpec
{
    [Fact]
    public async Task Metrics_needs_the_admin_token_like_every_path_but_healthz()
    {
        await using var node = await TestNode.StartAsync(null, null);
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Null(node.Host.MetricsEndPoint);
    }

    [Fact]
    public async Task Metrics_parse_as_the_text_format_and_the_responder_counters_move()
    {
        var blacklist = new TestBlacklist(TestBlacklist.Entry("192.0.2.9"));
        await using var node = await TestNode.StartAsync(null, blacklist, null,
            "actortrap.publish.dns.zone=\"bl.example.org\"", "actortrap.publish.dns.listen=[\"127.0.0.1:0\"]");
        var server = node.Host.Publishing.Dns!.UdpEndPoints[0];

        var before = await ListedAsync(node);
        await WireClient.UdpAsync(server, DnsQueries.Query("9.2.0.192.bl.example.org", DnsType.A));
        var response = await node.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var exposition = ExpositionParser.Parse(await response.Content.ReadAsStringAsync());
        var after = Listed(exposition);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(before + 1, after);
        Assert.Equal("gauge", exposition.Family("actortrap_publish_listings").Type);
        Assert.Equal("counter", exposition.Family("actortrap_publish_changes_total").Type);
    }

    [Fact]
    public async Task Issue17_metrics_listener_serves_metrics_without_the_token_and_nothing_else()
    {
        await using var node = await TestNode.StartAsync(null, null, null, "actortrap.metrics.listen=\"127.0.0.1:0\"");
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://{node.Host.MetricsEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };

        var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exposition = ExpositionParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gauge", exposition.Family("actortrap_smtp_connections_open").Type);
        // The runtime instrumentation: GC, thread pool, CPU.
        Assert.Equal("counter", exposition.Family("dotnet_gc_collections_total").Type);
        // Only metrics: the admin API, its probes and the dashboard are not on this port, token or not.
        foreach (var path in new[] { "/api/actors", "/api/smtp/stats", "/healthz", "/readyz", "/dashboard/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// OpenTelemetry's exporter names the families (unit suffix, <c>_total</c> for counters); the names must stay the ones
    /// docs/metrics.md lists and the dashboard reads, with the same types.
    /// </summary>
    [Fact]
    public async Task Issue17_every_exposed_family_is_documented_with_its_name_and_type_and_the_dashboards_names_are_among_them()
    {
        var documented = Documented();
        var dashboard = DashboardName().Matches(File.ReadAllText(Path.Combine(RepoRoot, "src", "ActorTrap.Node", "Admin", "Dashboard", "wwwroot", "dashboard.js")))
            .Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(dashboard);
        Assert.All(dashboard, name => Assert.True(documented.ContainsKey(name), $"dashboard.js reads {name}, which docs/metrics.md does not list"));

        await using var node = await TestNode.StartAsync(null, null, null, "actortrap.metrics.listen=\"127.0.0.1:0\"");
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://{node.Host.MetricsEndPoint}"), Timeout = TimeSpan.FromSeconds(10) };
        // One real session (loopback is one of our own networks: greeted, then QUIT), so the SMTP counters and the
        // duration histogram have a series.
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(node.Host.SmtpEndPoints[0]);
            using var read = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.GetStream().WriteAsync("EHLO spec.example\r\nQUIT\r\n"u8.ToArray(), read.Token);
            var buffer = new byte[512];
            while (await client.GetStream().ReadAsync(buffer, read.Token) > 0)
            {
            }
        }

        var exposition = ExpositionParser.Parse(await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !exposition.Has("actortrap_smtp_sessions_total") && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
            exposition = ExpositionParser.Parse(await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }

        // Exactly this node's one session: other specs' nodes in this process have meters of the same names, not read here.
        Assert.Equal(1, exposition.Family("actortrap_smtp_sessions_total").Samples.Sum(s => s.Value));
        Assert.Equal("histogram", exposition.Family("actortrap_smtp_session_duration_seconds").Type);
        var ours = exposition.Families.Where(f => f.Name.StartsWith("actortrap_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count > 30, $"only {ours.Count} actortrap_ families");
        Assert.All(ours, f => Assert.True(documented.TryGetValue(f.Name, out var type) && type == f.Type,
            $"{f.Name} ({f.Type}) is exposed but docs/metrics.md lists it {(documented.TryGetValue(f.Name, out var t) ? "as " + t : "nowhere")}"));
    }

    /// <summary>
    /// Two nodes in one process (as in the cluster specs, the cluster bench, or specs running side by side): each /metrics
    /// shows its own node's series only. OpenTelemetry's provider reads every meter of a matching name in the process;
    /// before NodeMeters scoped them, the other node's meters showed up as duplicate series on the same scrape.
    /// </summary>
    [Fact]
    public async Task Issue17_two_nodes_in_one_process_each_show_only_their_own_series()
    {
        await using var busy = await TestNode.StartAsync(null, null, null, "actortrap.metrics.listen=\"127.0.0.1:0\"");
        await using var quiet = await TestNode.StartAsync(null, null, null, "actortrap.metrics.listen=\"127.0.0.1:0\"");
        for (var i = 0; i < 3; i++)
        {
            await QuitSessionAsync(busy);
        }

        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Task<string> Scrape(TestNode node) => scraper.GetStringAsync(new Uri($"http://{node.Host.MetricsEndPoint}/metrics"));
        var busyText = await Scrape(busy);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); Sessions(ExpositionParser.Parse(busyText)) < 3 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
            busyText = await Scrape(busy);
        }

        var quietText = await Scrape(quiet);
        Assert.Equal(3, Sessions(ExpositionParser.Parse(busyText)));
        Assert.Equal(0, Sessions(ExpositionParser.Parse(quietText)));
        foreach (var text in new[] { busyText, quietText })
        {
            // One sample per series: the same name with the same labels twice is what two nodes' meters produced.
            var series = text.Split('\n').Where(l => l.StartsWith("actortrap_", StringComparison.Ordinal)).Select(l => l[..l.LastIndexOf(' ')]).ToList();
            Assert.NotEmpty(series);
            Assert.Equal(series.Count, series.Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static double Sessions(Exposition exposition) =>
        exposition.Has("actortrap_smtp_sessions_total") ? exposition.Family("actortrap_smtp_sessions_total").Samples.Sum(s => s.Value) : 0;

    private static async Task QuitSessionAsync(TestNode node)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(node.Host.SmtpEndPoints[0]);
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.GetStream().WriteAsync("EHLO spec.example\r\nQUIT\r\n"u8.ToArray(), read.Token);
        var buffer = new byte[512];
        while (await client.GetStream().ReadAsync(buffer, read.Token) > 0)
        {
        }
    }

    private static async Task<double> ListedAsync(TestNode node) =>
        Listed(ExpositionParser.Parse(await node.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

    // Other specs run responders in this process too; only this node's count is read (its meters are its own).
    private static double Listed(Exposition exposition) =>
        exposition.Family("actortrap_publish_dns_queries_total").Value("actortrap_publish_dns_queries_total", ("outcome", "listed"), ("transport", "udp"));

    /// <summary>The rows of docs/metrics.md's tables: exposed name → type.</summary>
    private static Dictionary<string, string> Documented() =>
        File.ReadLines(Path.Combine(RepoRoot, "docs", "metrics.md")).Select(l => DocumentedRow().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ActorTrap.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("ActorTrap.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [GeneratedRegex(@"^\| `(actortrap_[a-z0-9_]+)` \| (counter|gauge|histogram) \|")]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"\bactortrap_[a-z0-9_]+")]
    private static partial Regex DashboardName();
}
