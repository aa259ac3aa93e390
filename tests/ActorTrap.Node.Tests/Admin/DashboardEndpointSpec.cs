using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTrap.Node.Tests.Publishing.Support;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>
/// The dashboard's files are open (a browser cannot send the token when it opens a page, and they hold no data);
/// everything with data stays behind the token (issue 9).
/// </summary>
public sealed partial class DashboardEndpointSpec : IAsyncLifetime
{
    private TestNode node = null!;
    private HttpClient anonymous = null!;

    public async Task InitializeAsync()
    {
        node = await TestNode.StartAsync(null, null);
        anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        anonymous.Dispose();
        await node.DisposeAsync();
    }

    private static Uri Path(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Page_opens_without_the_token_under_a_policy_that_allows_only_its_own_scripts()
    {
        var page = await anonymous.GetAsync(Path("/dashboard"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Every_file_the_page_and_its_modules_reference_is_served_from_the_binary()
    {
        var html = await anonymous.GetStringAsync(Path("/dashboard"));
        var files = Reference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("/dashboard/dashboard.js", files);
        Assert.Contains("/dashboard/dashboard.css", files);

        var pending = new Queue<string>(files);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var file))
        {
            if (!seen.Add(file))
            {
                continue;
            }

            var response = await anonymous.GetAsync(Path(file));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
            if (file.EndsWith(".js", StringComparison.Ordinal))
            {
                Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
                foreach (Match import in Import().Matches(await response.Content.ReadAsStringAsync()))
                {
                    pending.Enqueue("/dashboard/" + import.Groups[1].Value);
                }
            }
        }

        Assert.Contains("/dashboard/charts.js", seen);
        Assert.Contains("/dashboard/metrics.js", seen);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path("/dashboard/secrets.json"))).StatusCode);
    }

    [Fact]
    public async Task Unchanged_file_answers_304_to_its_etag()
    {
        var first = await anonymous.GetAsync(Path("/dashboard/dashboard.js"));
        using var again = new HttpRequestMessage(HttpMethod.Get, Path("/dashboard/dashboard.js"));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/api/dashboard")]
    [InlineData("/api/dashboard/history")]
    [InlineData("/api/dns/stats")]
    [InlineData("/metrics")]
    [InlineData("/dashboardx")]
    public async Task Data_still_needs_the_token(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path(path))).StatusCode);
    }

    [Fact]
    public async Task Only_reading_the_dashboard_files_is_open()
    {
        using var post = await anonymous.PostAsync(Path("/dashboard"), new StringContent("x"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/../metrics")]
    [InlineData("/dashboard/%2e%2e/metrics")]
    [InlineData("/dashboard/..%2fmetrics")]
    public async Task Dot_segments_do_not_lead_out_of_the_dashboard_without_the_token(string rawPath)
    {
        // Raw bytes: HttpClient would resolve the dot segments before sending.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(node.Host.AdminEndPoint).WaitAsync(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var response = new StringBuilder();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        var text = response.ToString();
        Assert.DoesNotContain("actortrap_", text, StringComparison.Ordinal);
        Assert.False(text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Dashboard_data_and_dns_stats_answer_with_the_token()
    {
        var dashboard = JsonDocument.Parse(await node.Http.GetStringAsync(Path("/api/dashboard"))).RootElement;
        var dns = JsonDocument.Parse(await node.Http.GetStringAsync(Path("/api/dns/stats"))).RootElement;

        Assert.Equal(node.Host.Settings.Node.Name, dashboard.GetProperty("node").GetString());
        Assert.Equal(0, dashboard.GetProperty("held").GetInt32());
        Assert.Equal(0, dashboard.GetProperty("heldSecondsOngoing").GetDouble());
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("oldestHeldSince").ValueKind);
        Assert.True(dashboard.GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.Equal(node.Host.Settings.Dnsbl.Zones.Select(z => z.Zone), dns.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("zone").GetString()));
        Assert.All(dns.GetProperty("zones").EnumerateArray(), z => Assert.Equal(JsonValueKind.Null, z.GetProperty("errorRate").ValueKind));
    }

    [GeneratedRegex("(?:src|href)=\"(/dashboard/[^\"]+)\"")]
    private static partial Regex Reference();

    [GeneratedRegex("from '\\./([a-z]+\\.js)'")]
    private static partial Regex Import();
}
