using System.Net;
using ActorTrap.Dns;
using ActorTrap.Metrics.Tests.Support;
using ActorTrap.Node.Tests.Publishing.Support;

namespace ActorTrap.Node.Tests.Admin;

public sealed class MetricsEndpointSpec
{
    [Fact]
    public async Task Metrics_needs_the_admin_token_like_every_path_but_healthz()
    {
        await using var node = await TestNode.StartAsync(null, null);
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
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
        Assert.True(after >= before + 1, $"listed went from {before} to {after}");
        Assert.Equal("gauge", exposition.Family("actortrap_publish_listings").Type);
        Assert.Equal("counter", exposition.Family("actortrap_publish_changes_total").Type);
    }

    private static async Task<double> ListedAsync(TestNode node) =>
        Listed(ExpositionParser.Parse(await node.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

    // Other specs run responders in this process too; their counts add to the same series.
    private static double Listed(Exposition exposition) =>
        exposition.Family("actortrap_publish_dns_queries_total").Value("actortrap_publish_dns_queries_total", ("outcome", "listed"), ("transport", "udp"));
}
