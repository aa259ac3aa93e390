using System.Net;
using ActorTrap.Dns.Dnsbl;

namespace ActorTrap.Dns.Tests.Dnsbl;

public sealed class DnsblSpec
{
    [Theory]
    [InlineData("127.0.0.2", "2.0.0.127.bl.example")]
    [InlineData("192.0.2.99", "99.2.0.192.bl.example")]
    [InlineData("::ffff:127.0.0.2", "2.0.0.127.bl.example")]
    [InlineData("::FFFF:7F00:2", "2.0.0.127.bl.example")]
    [InlineData("2001:db8:1:2:3:4:567:89ab", "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example")] // RFC 5782 2.4's example
    public void Query_name_reverses_octets_or_nibbles(string client, string expected)
    {
        Assert.Equal(expected, DnsblQueryName.For(IPAddress.Parse(client), "bl.example."));
    }

    [Theory]
    [InlineData("127.0.0.2", "127.0.0.2", true)]
    [InlineData("127.0.0.2", "127.0.0.3", false)]
    [InlineData("127.0.0.[2..11]", "127.0.0.11", true)]
    [InlineData("127.0.0.[2..11]", "127.0.0.12", false)]
    [InlineData("127.0.0.[2;4;10..11]", "127.0.0.4", true)]
    [InlineData("127.0.0.[2;4;10..11]", "127.0.0.3", false)]
    [InlineData("127.[0..1].0.[2..255]", "127.1.0.200", true)]
    [InlineData("127.0.0.[2..255]", "::1", false)]
    public void Filter_matches_postscreen_syntax(string filter, string answer, bool matches)
    {
        Assert.True(AnswerFilter.TryParse(filter, out var f, out var error), error);
        Assert.Equal(matches, f.Matches(IPAddress.Parse(answer)));
    }

    [Theory]
    [InlineData("127.0.0")]
    [InlineData("127.0.0.256")]
    [InlineData("127.0.0.[9..2]")]
    [InlineData("127.0.0.[2..]")]
    [InlineData("127.0.0.[2...3]")]
    [InlineData("127.0.0.x")]
    [InlineData("")]
    public void Filter_syntax_errors_say_what_is_wrong(string filter)
    {
        Assert.False(AnswerFilter.TryParse(filter, out _, out var error));
        Assert.Contains(filter.Length == 0 ? "four parts" : "", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.2", null)]
    [InlineData("127.0.0.11", null)]
    [InlineData("127.255.255.254", "error code")]
    [InlineData("127.255.255.252", "error code")]
    [InlineData("10.0.0.1", "outside 127.0.0.0/8")]
    [InlineData("::1", "not an IPv4")]
    public void Error_codes_and_non_loopback_answers_are_not_listings(string answer, string? error)
    {
        var reason = DnsblAnswerCheck.ErrorFor(IPAddress.Parse(answer));
        if (error is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(error, reason, StringComparison.Ordinal);
        }
    }
}
