using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Tests.Publishing.Support;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing.Dns;

public sealed class DnsblAnswererSpec
{
    private const string Zone = "bl.example.org";
    private readonly TestBlacklist blacklist = new(
        Entry("192.0.2.9"),
        Entry("192.0.2.11") with { Reporters = ["det-a", "det-b"] },
        Entry("198.51.100.7", ListingClass.Trap, reasons: ["trap-address"]),
        Entry("203.0.113.0/24", ListingClass.Manual, reasons: ["operator: snowshoe range"]),
        Entry("2001:db8::1"),
        Entry("127.0.0.0/8", ListingClass.Manual));

    private (DnsMessage Message, DnsOutcome Outcome, int Length) Ask(string name, DnsType type, ushort edns = 0, bool udp = true,
        DnsblAnswerer? answerer = null)
    {
        answerer ??= new DnsblAnswerer(PublishTestOptions.Dns(Zone), blacklist, 1_700_000_000);
        var response = new byte[DnsblAnswerer.ResponseBufferBytes];
        var length = answerer.Answer(DnsQueries.Query(name, type, edns: edns), response, udp, slip: false, out var outcome);
        Assert.True(length > 0, $"no answer ({outcome})");
        return (DnsQueries.Parse(response.AsSpan(0, length)), outcome, length);
    }

    [Fact]
    public void Listed_address_is_answered_127_0_0_2_authoritatively_with_the_configured_ttl()
    {
        var (m, outcome, _) = Ask("9.2.0.192.bl.example.org", DnsType.A);

        Assert.Equal(DnsOutcome.Listed, outcome);
        Assert.Equal(DnsRcode.NoError, m.Rcode);
        Assert.True(m.Flags.HasFlag(DnsHeaderFlags.Response | DnsHeaderFlags.Authoritative));
        var answer = Assert.Single(m.Answers);
        Assert.Equal(("9.2.0.192.bl.example.org", DnsType.A, 35u * 60), (answer.Name, answer.Type, answer.Ttl));
        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((ARecord)answer.Data).Address);
        Assert.Empty(m.Authorities);
    }

    [Theory]
    [InlineData("7.100.51.198", "127.0.0.3")]
    [InlineData("77.113.0.203", "127.0.0.4")]
    public void Each_listing_class_has_its_return_code(string reversed, string code)
    {
        var (m, _, _) = Ask(reversed + ".bl.example.org", DnsType.A);

        Assert.Equal(IPAddress.Parse(code), ((ARecord)Assert.Single(m.Answers).Data).Address);
    }

    [Fact]
    public void Return_codes_follow_the_configuration()
    {
        var options = PublishTestOptions.Dns(Zone, "actortrap.publish.dns.codes.trap=\"127.0.0.10\"");
        var (m, _, _) = Ask("7.100.51.198.bl.example.org", DnsType.A, answerer: new DnsblAnswerer(options, blacklist, 1));

        Assert.Equal(IPAddress.Parse("127.0.0.10"), ((ARecord)Assert.Single(m.Answers).Data).Address);
    }

    [Fact]
    public void Txt_answer_expands_the_template_with_the_address_reasons_and_listing_time()
    {
        var (m, _, _) = Ask("9.2.0.192.bl.example.org", DnsType.TXT);

        var txt = (TxtRecord)Assert.Single(m.Answers).Data;
        Assert.Equal("192.0.2.9 listed by ActorTrap (behaviour) since 2025-01-01T00:00:00Z: pregreet, no-quit", Assert.Single(txt.Strings));
    }

    [Fact]
    public void Txt_answer_names_the_udp_feed_reporters_behind_the_listing_issue_18()
    {
        var (m, _, _) = Ask("11.2.0.192.bl.example.org", DnsType.TXT);

        var txt = (TxtRecord)Assert.Single(m.Answers).Data;
        Assert.Equal("192.0.2.11 listed by ActorTrap (behaviour) since 2025-01-01T00:00:00Z: pregreet, no-quit; reported by det-a, det-b", Assert.Single(txt.Strings));
        Assert.True(Node.Publishing.TxtTemplate.TryParse("$ {reporters}", out var template, out _));
        Assert.Equal("$ ; reported by det-a, det-b", template.ExpandForRbldnsd(Entry("192.0.2.11") with { Reporters = ["det-a", "det-b"] }));
        Assert.Equal("192.0.2.9 ", template.Expand(Entry("192.0.2.9"), "192.0.2.9"));
    }

    [Fact]
    public void Unlisted_address_is_NXDOMAIN_with_the_SOA_for_negative_caching()
    {
        var (m, outcome, _) = Ask("10.2.0.192.bl.example.org", DnsType.A);

        Assert.Equal(DnsOutcome.NotListed, outcome);
        Assert.Equal(DnsRcode.NxDomain, m.Rcode);
        Assert.Empty(m.Answers);
        var soa = Assert.Single(m.Authorities);
        Assert.Equal(("bl.example.org", DnsType.SOA, 60u), (soa.Name, soa.Type, soa.Ttl));
        var data = (SoaRecord)soa.Data;
        Assert.Equal(("ns.bl.example.org", "hostmaster.bl.example.org", 1_700_000_000u, 60u), (data.MName, data.RName, data.Serial, data.Minimum));
    }

    [Fact]
    public void RFC_5782_test_entries_are_listed_and_127_0_0_1_never_is()
    {
        Assert.Equal(DnsOutcome.Listed, Ask("2.0.0.127.bl.example.org", DnsType.A).Outcome);
        Assert.Equal(DnsRcode.NxDomain, Ask("1.0.0.127.bl.example.org", DnsType.A).Message.Rcode);

        var v6Test = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl.example.org";
        var (m, _, _) = Ask(v6Test, DnsType.A);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((ARecord)Assert.Single(m.Answers).Data).Address);
        Assert.Equal(DnsRcode.NxDomain, Ask(v6Test.Replace("2.0.0.0.0.0.f.7", "1.0.0.0.0.0.f.7", StringComparison.Ordinal), DnsType.A).Message.Rcode);
    }

    [Fact]
    public void Test_entry_is_listed_even_with_an_empty_blacklist()
    {
        var answerer = new DnsblAnswerer(PublishTestOptions.Dns(Zone), new TestBlacklist(), 1);

        var (m, _, _) = Ask("2.0.0.127.bl.example.org", DnsType.TXT, answerer: answerer);

        // Issue 16: a fixed text, not the template's "since 1970-01-01" (the test entry was never listed at a time).
        Assert.Equal("127.0.0.2 is the RFC 5782 test entry of this DNSBL, always listed", Assert.Single(((TxtRecord)Assert.Single(m.Answers).Data).Strings));
    }

    [Fact]
    public void IPv6_address_is_asked_by_its_32_reversed_nibbles()
    {
        var name = ActorTrap.Dns.Dnsbl.DnsblQueryName.For(IPAddress.Parse("2001:db8::1"), Zone);

        var (m, outcome, _) = Ask(name, DnsType.A);

        Assert.Equal(DnsOutcome.Listed, outcome);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((ARecord)Assert.Single(m.Answers).Data).Address);
        Assert.Equal(DnsRcode.NxDomain, Ask(ActorTrap.Dns.Dnsbl.DnsblQueryName.For(IPAddress.Parse("2001:db8::2"), Zone), DnsType.A).Message.Rcode);
    }

    [Fact]
    public void Question_is_echoed_in_its_own_letter_case_and_matched_regardless_of_it()
    {
        var (m, outcome, _) = Ask("9.2.0.192.Bl.EXAMPLE.org", DnsType.A);

        Assert.Equal(DnsOutcome.Listed, outcome);
        Assert.Equal("9.2.0.192.Bl.EXAMPLE.org", Assert.Single(m.Questions).Name);
    }

    [Theory]
    [InlineData("9.2.0.192.other.example.org")]
    [InlineData("9.2.0.192.xbl.example.org")]
    [InlineData("example.org")]
    [InlineData("org")]
    public void Names_outside_the_zone_are_REFUSED_without_authority(string name)
    {
        var (m, outcome, _) = Ask(name, DnsType.A);

        Assert.Equal((DnsOutcome.Refused, DnsRcode.Refused), (outcome, m.Rcode));
        Assert.False(m.Flags.HasFlag(DnsHeaderFlags.Authoritative));
        Assert.Empty(m.Answers);
        Assert.Empty(m.Authorities);
    }

    [Theory]
    [InlineData("2.0.192.bl.example.org")]
    [InlineData("0009.2.0.192.bl.example.org")]
    [InlineData("256.2.0.192.bl.example.org")]
    [InlineData("x.2.0.192.bl.example.org")]
    [InlineData("1.9.2.0.192.bl.example.org")]
    [InlineData("www.bl.example.org")]
    public void Names_in_the_zone_that_are_not_addresses_are_NXDOMAIN(string name)
    {
        Assert.Equal(DnsRcode.NxDomain, Ask(name, DnsType.A).Message.Rcode);
    }

    [Fact]
    public void Apex_answers_SOA_and_NS_and_NODATA_for_other_types()
    {
        var soa = Ask("bl.example.org", DnsType.SOA).Message;
        Assert.Equal(DnsType.SOA, Assert.Single(soa.Answers).Type);
        Assert.Equal(35u * 60, soa.Answers[0].Ttl);

        var options = PublishTestOptions.Dns(Zone, "actortrap.publish.dns.nameservers=[\"a.ns.example.net\", \"b.bl.example.org\"]");
        var ns = Ask("bl.example.org", DnsType.NS, answerer: new DnsblAnswerer(options, blacklist, 1)).Message;
        Assert.Equal(["a.ns.example.net", "b.bl.example.org"], ns.Answers.Select(a => ((NsRecord)a.Data).Host));

        var a = Ask("bl.example.org", DnsType.A).Message;
        Assert.Equal(DnsRcode.NoError, a.Rcode);
        Assert.Empty(a.Answers);
        Assert.Equal(DnsType.SOA, Assert.Single(a.Authorities).Type);
    }

    [Fact]
    public void Listed_name_asked_for_another_type_is_NODATA()
    {
        var (m, outcome, _) = Ask("9.2.0.192.bl.example.org", DnsType.AAAA);

        Assert.Equal((DnsOutcome.NoData, DnsRcode.NoError), (outcome, m.Rcode));
        Assert.Empty(m.Answers);
        Assert.Equal(DnsType.SOA, Assert.Single(m.Authorities).Type);
    }

    [Fact]
    public void ANY_gets_the_A_record_alone_so_it_cannot_amplify()
    {
        var (m, _, _) = Ask("9.2.0.192.bl.example.org", (DnsType)255);

        Assert.Equal(DnsType.A, Assert.Single(m.Answers).Type);
    }

    [Fact]
    public void Listed_A_answer_is_the_query_plus_one_compressed_16_byte_record()
    {
        var query = DnsQueries.Query("9.2.0.192.bl.example.org", DnsType.A);
        var (_, _, length) = Ask("9.2.0.192.bl.example.org", DnsType.A);

        Assert.Equal(query.Length + 16, length);
    }

    [Fact]
    public void EDNS_query_gets_an_OPT_record_back_offering_1232_bytes()
    {
        var (m, _, _) = Ask("9.2.0.192.bl.example.org", DnsType.A, edns: 4096);

        Assert.Equal((ushort)1232, m.EdnsUdpSize);
        Assert.Null(Ask("9.2.0.192.bl.example.org", DnsType.A).Message.EdnsUdpSize);
    }

    [Fact]
    public void Answer_over_512_bytes_without_EDNS_is_truncated_and_fits_with_EDNS_or_TCP()
    {
        var longZone = string.Join('.', Enumerable.Repeat(new string('z', 55), 4)) + ".example.org";
        var options = PublishTestOptions.Dns(longZone, "actortrap.publish.dns.txt=\"" + new string('t', 250) + " $\"");
        var answerer = new DnsblAnswerer(options, blacklist, 1);
        var name = "9.2.0.192." + longZone;

        var (plain, outcome, length) = Ask(name, DnsType.TXT, answerer: answerer);
        Assert.Equal(DnsOutcome.Truncated, outcome);
        Assert.True(plain.Flags.HasFlag(DnsHeaderFlags.Truncated));
        Assert.Empty(plain.Answers);
        Assert.True(length <= 512);

        var (edns, ednsOutcome, ednsLength) = Ask(name, DnsType.TXT, edns: 1232, answerer: answerer);
        Assert.Equal(DnsOutcome.Listed, ednsOutcome);
        Assert.True(ednsLength is > 512 and <= 1232);
        Assert.Equal(254, ((TxtRecord)Assert.Single(edns.Answers).Data).Strings[0].Length);

        Assert.Equal(DnsOutcome.Listed, Ask(name, DnsType.TXT, udp: false, answerer: answerer).Outcome);
    }

    [Fact]
    public void Blacklist_that_throws_gives_SERVFAIL_not_a_crash()
    {
        var answerer = new DnsblAnswerer(PublishTestOptions.Dns(Zone), new ThrowingBlacklist(), 1);

        var (m, outcome, _) = Ask("9.2.0.192.bl.example.org", DnsType.A, answerer: answerer);

        Assert.Equal((DnsOutcome.ServFail, DnsRcode.ServFail), (outcome, m.Rcode));
    }

    private sealed class ThrowingBlacklist : ILocalBlacklist
    {
        public bool TryGet(IPAddress address, out Listing? listing) => throw new InvalidOperationException("store is gone");

        public IReadOnlyCollection<Listing> Snapshot() => throw new InvalidOperationException("store is gone");
    }
}
