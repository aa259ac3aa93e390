using System.Net;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Smtp.Tests.Analysis;

public sealed class DynamicRdnsSpec
{
    // Names in the shapes large access providers use; addresses from the documentation ranges where the shape allows.
    [Theory]
    [InlineData("c-73-15-22-33.hsd1.ca.comcast.net", "73.15.22.33", "a-b-c-d")]
    [InlineData("host86-150-12-34.range86-150.btcentralplus.com", "86.150.12.34", "a-b-c-d")]
    [InlineData("93-184-12-34.example-isp.net", "93.184.12.34", "a-b-c-d")]
    [InlineData("34.12.184.93.in-addr.example-isp.net", "93.184.12.34", "d-c-b-a")]
    [InlineData("dslb-178-005-012-034.178.005.pools.arcor-ip.net", "178.5.12.34", "a-b-c-d")]
    [InlineData("093184012034.ctinets.example.com", "93.184.12.34", "zero-padded")]
    [InlineData("p5DB80C22.dip0.t-ipconnect.de", "93.184.12.34", "hex")]
    [InlineData("ip5db80c22.example.net", "93.184.12.34", "hex")]
    [InlineData("r-184-12-34.example-isp.net", "93.184.12.34", "b-c-d")]
    [InlineData("ec2-54-12-34-56.compute-1.amazonaws.com", "54.12.34.56", "a-b-c-d")]
    public void A_name_that_spells_out_the_clients_address_is_dynamic(string name, string client, string? encoding)
    {
        var match = DynamicRdns.Classify(name, IPAddress.Parse(client));

        Assert.Equal(DynamicRdnsReason.AddressInName, match.Reason);
        if (encoding is not null)
        {
            Assert.Equal(encoding, match.Evidence);
        }
    }

    [Fact]
    public void The_integer_form_of_the_address_is_recognised()
    {
        var match = DynamicRdns.Classify("ip1572342818.example-isp.net", IPAddress.Parse("93.184.12.34"));

        Assert.Equal(new DynamicRdnsMatch(DynamicRdnsReason.AddressInName, "integer"), match);
    }

    [Theory]
    [InlineData("pool-71-105-12-34.nycmny.fios.verizon.net", "pool")]
    [InlineData("adsl.dyn.example-isp.net", "adsl")]
    [InlineData("dynamic.customer.example-isp.net", "dyn")]
    [InlineData("x1.dhcp.example-isp.co.uk", "dhcp")]
    [InlineData("a.dialup.example-isp.net", "dial")]
    [InlineData("node1.pppoe.example-isp.net", "ppp")]
    [InlineData("x.cable.example-isp.net", "cable")]
    [InlineData("cpe00a0c9140e4b.example-isp.net", "cpe")]
    [InlineData("client.example-isp.net", "client")]
    [InlineData("broadband.example-isp.net", "broadband")]
    [InlineData("bb.example-isp.co.jp", "bb")]
    [InlineData("home.ftth.example-isp.net", "ftth")]
    public void A_name_with_a_pool_word_in_its_host_part_is_dynamic(string name, string word)
    {
        var match = DynamicRdns.Classify(name, IPAddress.Parse("192.0.2.200"));

        Assert.Equal(new DynamicRdnsMatch(DynamicRdnsReason.PoolWord, word), match);
    }

    [Theory]
    [InlineData("mail.example.com", "192.0.2.10")]
    [InlineData("mx1.mail.example.net", "192.0.2.11")]
    [InlineData("mail-wr1-f45.google.com", "209.85.221.45")]
    [InlineData("a27-12.smtp-out.amazonses.com", "54.240.27.12")]
    [InlineData("o1.email.sendgrid.net", "167.89.0.1")]
    [InlineData("mail.dynamics.example", "192.0.2.12")]
    [InlineData("smtp.liverpool.ac.uk", "192.0.2.13")]
    [InlineData("mx.cablevision.example", "192.0.2.14")]
    [InlineData("static-93-184-12-34.example-isp.net", "93.184.12.34")]
    [InlineData("93-184-12-34.static.example-isp.net", "93.184.12.34")]
    [InlineData("example-isp.net", "93.184.12.34")]
    [InlineData("", "93.184.12.34")]
    [InlineData(".", "93.184.12.34")]
    [InlineData("host-1-2-3-4.example.net", "93.184.12.34")]
    public void Server_and_static_names_are_not_dynamic(string name, string client)
    {
        Assert.Equal(DynamicRdnsMatch.None, DynamicRdns.Classify(name, IPAddress.Parse(client)));
        Assert.False(DynamicRdns.LooksDynamic(name, IPAddress.Parse(client)));
    }

    [Fact]
    public void An_IPv4_mapped_client_is_matched_as_IPv4()
    {
        Assert.True(DynamicRdns.LooksDynamic("host-93-184-12-34.example.net", IPAddress.Parse("::ffff:93.184.12.34")));
    }

    [Fact]
    public void An_IPv6_client_is_judged_on_pool_words()
    {
        var client = IPAddress.Parse("2001:db8::1234");

        Assert.True(DynamicRdns.LooksDynamic("2001-db8--1234.dynamic.example-isp.net", client));
        Assert.False(DynamicRdns.LooksDynamic("mail6.example.net", client));
    }
}
