using System.Net;
using ActorTrap.Node.Admin;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>What <c>POST /api/list</c> and <c>GET /api/lookup/{ip}</c> accept as an address or a network.</summary>
public sealed class AdminNetworkSpec
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7/32")]
    [InlineData(" 192.0.2.0/24 ", "192.0.2.0/24")]
    [InlineData("2001:db8::7", "2001:db8::7/128")]
    [InlineData("2001:db8::/48", "2001:db8::/48")]
    public void Address_or_network_without_host_bits_is_taken(string text, string expected)
    {
        Assert.True(AdminNetwork.TryParseNetwork(text, out var network, out var error), error);
        Assert.Equal(IPNetwork.Parse(expected), network);
    }

    [Theory]
    [InlineData("192.0.2.7/24", "host bits set: the network is 192.0.2.0/24")]
    [InlineData("192.0.2.0/33", "CIDR network")]
    [InlineData("1.2/8", "CIDR network")]
    [InlineData("1.2", "not an IPv4 or IPv6 address")]
    [InlineData("", "not an IPv4 or IPv6 address")]
    [InlineData(null, "not an IPv4 or IPv6 address")]
    [InlineData("example.org", "not an IPv4 or IPv6 address")]
    [InlineData("192.0.2.7\r\nX-Injected: 1", "\\r\\n")]
    public void Anything_else_is_refused_with_a_sentence_that_escapes_the_input(string? text, string says)
    {
        Assert.False(AdminNetwork.TryParseNetwork(text, out _, out var error));
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }
}
