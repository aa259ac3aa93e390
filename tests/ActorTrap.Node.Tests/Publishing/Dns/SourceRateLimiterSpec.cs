using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Publishing.Dns;

namespace ActorTrap.Node.Tests.Publishing.Dns;

public sealed class SourceRateLimiterSpec
{
    private readonly ManualTimeProvider clock = new();

    private static RateDecision[] Ask(SourceRateLimiter limiter, string address, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => limiter.Check(IPAddress.Parse(address)))];

    [Fact]
    public void Burst_is_allowed_then_slip_and_drop_alternate()
    {
        var limiter = new SourceRateLimiter(10, 3, clock);

        Assert.Equal([RateDecision.Allow, RateDecision.Allow, RateDecision.Allow, RateDecision.Slip, RateDecision.Drop, RateDecision.Slip],
            Ask(limiter, "192.0.2.1", 6));
    }

    [Fact]
    public void Tokens_come_back_at_the_configured_rate_on_the_injected_clock()
    {
        var limiter = new SourceRateLimiter(10, 3, clock);
        Ask(limiter, "192.0.2.1", 3);

        clock.Advance(TimeSpan.FromMilliseconds(200)); // two tokens at 10/s
        Assert.Equal([RateDecision.Allow, RateDecision.Allow, RateDecision.Slip], Ask(limiter, "192.0.2.1", 3));

        clock.Advance(TimeSpan.FromHours(1)); // never more than the burst
        Assert.Equal(3, Ask(limiter, "192.0.2.1", 5).Count(d => d == RateDecision.Allow));
    }

    [Fact]
    public void Addresses_of_one_slash_24_share_a_budget_and_other_networks_do_not()
    {
        var limiter = new SourceRateLimiter(1, 2, clock);
        Ask(limiter, "192.0.2.1", 1);
        Ask(limiter, "192.0.2.254", 1);

        Assert.Equal(RateDecision.Slip, limiter.Check(IPAddress.Parse("192.0.2.77")));
        Assert.Equal(RateDecision.Allow, limiter.Check(IPAddress.Parse("192.0.3.1")));
        Assert.Equal(RateDecision.Drop, limiter.Check(IPAddress.Parse("::ffff:192.0.2.9")));
    }

    [Fact]
    public void IPv6_addresses_of_one_slash_56_share_a_budget()
    {
        var limiter = new SourceRateLimiter(1, 1, clock);
        Ask(limiter, "2001:db8:0:ff::1", 1);

        Assert.Equal(RateDecision.Slip, limiter.Check(IPAddress.Parse("2001:db8:0:1::2")));
        Assert.Equal(RateDecision.Allow, limiter.Check(IPAddress.Parse("2001:db8:0:100::1")));
    }

    [Fact]
    public void Zero_rate_turns_the_limit_off()
    {
        var limiter = new SourceRateLimiter(0, 1, clock);

        Assert.All(Ask(limiter, "192.0.2.1", 100), d => Assert.Equal(RateDecision.Allow, d));
    }

    [Theory]
    [InlineData("192.0.2.77")]
    [InlineData("2001:db8:0:ff::1")]
    [InlineData("::ffff:192.0.2.77")]
    public void Key_read_from_a_kernel_socket_address_matches_the_address(string text)
    {
        var address = IPAddress.Parse(text);
        var socketAddress = new IPEndPoint(address, 5353).Serialize();
        var expected = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().GetAddressBytes() : address.GetAddressBytes();

        Assert.Equal(socketAddress.Family == AddressFamily.InterNetwork ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6, socketAddress.Family);
        Assert.Equal(SourceRateLimiter.NetworkKey(expected), SourceRateLimiter.NetworkKey(socketAddress));
    }
}
