using System.Net;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Smtp.Tests.Analysis;

public sealed class HeloAnalyzerSpec
{
    private static readonly ServerIdentity Us = new(["mx.trap.example", "trap.example."], [IPAddress.Parse("198.51.100.25"), IPAddress.Parse("2001:db8:25::25")]);
    private static readonly IPAddress Client4 = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Client6 = IPAddress.Parse("2001:db8:7::7");

    [Theory]
    [InlineData("mail.client.example")]
    [InlineData("MAIL.Client.Example")]
    [InlineData("mail.client.example.")]
    [InlineData("a-b.c-d.example")]
    [InlineData("[203.0.113.7]")]
    public void A_proper_name_or_the_clients_own_literal_has_no_findings(string helo)
    {
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Fact]
    public void The_clients_own_IPv6_literal_has_no_findings_in_any_spelling()
    {
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze("[IPv6:2001:DB8:7:0:0:0:0:7]", Client6, Us));
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze("[ipv6:2001:db8:7::7]", Client6, Us));
    }

    [Fact]
    public void An_IPv4_client_seen_through_a_dual_stack_socket_matches_its_literal()
    {
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze("[203.0.113.7]", IPAddress.Parse("::ffff:203.0.113.7"), Us));
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:7::7")]
    [InlineData("::1")]
    public void A_bare_IP_is_reported_as_such_and_not_also_as_not_an_FQDN(string helo)
    {
        Assert.Equal(HeloFindings.BareIp, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Theory]
    [InlineData("[192.0.2.1]")]
    [InlineData("[IPv6:2001:db8::1]")]
    [InlineData("[203.0.113.8]")]
    [InlineData("[IPv6:2001:db8:7::7]")]
    [InlineData("[x-tag:whatever]")]
    [InlineData("[203.0.113]")]
    [InlineData("[not-a-literal")]
    [InlineData("[]")]
    public void A_literal_that_is_not_the_client_is_a_mismatch(string helo)
    {
        Assert.Equal(HeloFindings.LiteralMismatch, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("localhost.localdomain")]
    [InlineData("localhost6.localdomain6")]
    [InlineData("ip6-localhost")]
    public void Localhost_names_are_reported_once(string helo)
    {
        Assert.Equal(HeloFindings.Localhost, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Fact]
    public void Localhost_as_a_literal_from_a_remote_client_is_a_mismatch()
    {
        Assert.Equal(HeloFindings.LiteralMismatch, HeloAnalyzer.Analyze("[127.0.0.1]", Client4, Us));
    }

    [Theory]
    [InlineData("client")]
    [InlineData("WIN-8F3K2JD9")]
    [InlineData("user_pc.example")]
    [InlineData("host..example")]
    [InlineData(".example")]
    [InlineData("1.2.3")]
    [InlineData("a.123")]
    [InlineData("-")]
    [InlineData("exa!mple.com")]
    public void A_name_that_is_not_a_fully_qualified_domain_is_reported(string helo)
    {
        Assert.Equal(HeloFindings.NotFqdn, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Theory]
    [InlineData("mx.trap.example", HeloFindings.OurName)]
    [InlineData("TRAP.example", HeloFindings.OurName)]
    [InlineData("198.51.100.25", HeloFindings.BareIp | HeloFindings.OurAddress)]
    [InlineData("[198.51.100.25]", HeloFindings.LiteralMismatch | HeloFindings.OurAddress)]
    [InlineData("[IPv6:2001:db8:25::25]", HeloFindings.LiteralMismatch | HeloFindings.OurAddress)]
    public void Our_own_name_or_address_is_reported(string helo, HeloFindings expected)
    {
        Assert.Equal(expected, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Fact]
    public void A_HELO_naming_the_recipients_domain_is_reported_once_recipients_are_known()
    {
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze("Target.example", Client4, Us));
        Assert.Equal(HeloFindings.RecipientDomain, HeloAnalyzer.Analyze("Target.example", Client4, Us, ["other.example", "target.example"]));
        Assert.Equal(HeloFindings.None, HeloAnalyzer.Analyze("mail.target.example", Client4, Us, ["target.example"]));
    }

    [Fact]
    public void Several_findings_combine()
    {
        var findings = HeloAnalyzer.Analyze("trap", Client4, new ServerIdentity(["trap"], []), ["trap"]);

        Assert.Equal(HeloFindings.NotFqdn | HeloFindings.OurName | HeloFindings.RecipientDomain, findings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("caf\u00e9.example")]
    [InlineData("a\u0000b.example")]
    public void Names_that_are_not_printable_ASCII_are_not_FQDNs_and_do_not_throw(string helo)
    {
        Assert.Equal(HeloFindings.NotFqdn, HeloAnalyzer.Analyze(helo, Client4, Us));
    }

    [Fact]
    public void An_overlong_name_is_not_an_FQDN()
    {
        Assert.Equal(HeloFindings.NotFqdn, HeloAnalyzer.Analyze(new string('a', 300) + ".example", Client4, Us));
    }
}
