using System.Net;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Node.Tests.Session;

public sealed class SessionVerdictBuilderSpec
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Ours = IPAddress.Parse("203.0.113.1");
    private static readonly ServerIdentity Server = new(["mx.trap.test"], [Ours]);
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);

    // Distinct weights, so a wrong kind or a weight counted twice shows in the score.
    private static readonly IReadOnlyDictionary<SinKind, double> Weights = Enum.GetValues<SinKind>().ToDictionary(k => k, k => k switch
    {
        SinKind.Pregreet => 0.5,
        SinKind.HeloBareIp => 2,
        SinKind.HeloOurName => 3,
        SinKind.MissingRdns => 0.25,
        SinKind.FcrdnsFailed => 0.75,
        SinKind.DynamicRdns => 0.125,
        SinKind.DnsblListed => 1.5,
        SinKind.Retried => -2,
        _ => 1,
    });

    private static SessionEnd End(
        string? helo = null, PtrReport? ptr = null, DnsblReport? dnsbl = null, bool retried = false, IReadOnlyList<string>? rcptDomains = null) =>
        new(Client, "node-a", SessionMode.Observe, Start, Start.AddSeconds(12), SessionOutcome.Observed, dnsbl, ptr, helo, Server,
            "bot@example.test", rcptDomains ?? ["victim.test"], QuitSent: true, retried, BytesIn: 120, BytesOut: 340);

    private static DnsblReport Listed(double score) => new(Client,
        [
            new ZoneResult("bl.test", ZoneStatus.Listed, 1, [IPAddress.Parse("127.0.0.2")], null, null),
            new ZoneResult("quiet.test", ZoneStatus.NotListed, 1, [], null, null),
            new ZoneResult("two.test", ZoneStatus.Listed, 1, [IPAddress.Parse("127.0.0.3")], null, null),
        ], score, Listed: true);

    [Fact]
    public void A_clean_session_scores_zero_and_carries_what_the_session_learnt()
    {
        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(helo: "mail.example.test"));

        Assert.Equal(Client, v.Client);
        Assert.Equal("node-a", v.Node);
        Assert.Equal(Start, v.Start);
        Assert.Equal(TimeSpan.FromSeconds(12), v.Duration);
        Assert.Equal(SessionMode.Observe, v.Mode);
        Assert.Equal(SessionOutcome.Observed, v.Outcome);
        Assert.Null(v.Dnsbl);
        Assert.Empty(v.Sins);
        Assert.Equal(0, v.Score);
        Assert.False(v.IsSpambot);
        Assert.Equal("mail.example.test", v.Helo);
        Assert.Equal("bot@example.test", v.MailFrom);
        Assert.Equal(["victim.test"], v.RcptDomains);
        Assert.True(v.QuitSent);
        Assert.Equal(120, v.BytesIn);
        Assert.Equal(340, v.BytesOut);
    }

    [Fact]
    public void Each_sin_kind_counts_once_with_its_first_detail_and_its_configured_weight()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);

        Assert.True(builder.Add(SinKind.Pregreet, "EHLO x"));
        Assert.False(builder.Add(SinKind.Pregreet, "EHLO y"));
        Assert.True(builder.Add(SinKind.Pipelining));
        var v = builder.Build(End());

        Assert.Equal([new Sin(SinKind.Pregreet, 0.5, "EHLO x"), new Sin(SinKind.Pipelining, 1)], v.Sins);
        Assert.Equal(1.5, v.Score);
        Assert.Equal(["pregreet", "pipelining"], builder.SinNames);
    }

    [Fact]
    public void A_weight_given_with_the_sin_overrides_the_configured_one()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);
        builder.Add(SinKind.HighestMx, "backup.test", weight: 0);

        var v = builder.Build(End());

        Assert.Equal([new Sin(SinKind.HighestMx, 0, "backup.test")], v.Sins);
        Assert.Equal(0, v.Score);
    }

    [Fact]
    public void A_bare_ip_helo_of_our_own_address_is_two_sins_with_the_escaped_name()
    {
        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(helo: "203.0.113.1"));

        Assert.Equal([new Sin(SinKind.HeloBareIp, 2, "203.0.113.1"), new Sin(SinKind.HeloOurName, 3, "203.0.113.1")], v.Sins);
        Assert.Equal(5, v.Score);
    }

    [Fact]
    public void A_helo_naming_a_recipient_domain_is_judged_against_the_recipients_of_the_session()
    {
        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(helo: "victim.test", rcptDomains: ["victim.test"]));

        Assert.Equal([new Sin(SinKind.HeloRecipientDomain, 1, "victim.test")], v.Sins);
    }

    [Fact]
    public void A_helo_sin_seen_during_the_session_is_not_counted_again_at_the_end()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);
        builder.Add(SinKind.HeloBareIp, "earlier");

        var v = builder.Build(End(helo: "192.0.2.99"));

        Assert.Equal([new Sin(SinKind.HeloBareIp, 2, "earlier")], v.Sins);
    }

    [Fact]
    public void No_ptr_name_is_missing_rdns_only()
    {
        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(ptr: new PtrReport(Client, [], false, null)));

        Assert.Equal([new Sin(SinKind.MissingRdns, 0.25)], v.Sins);
        Assert.Equal(0.25, v.Score);
    }

    [Fact]
    public void An_unconfirmed_dynamic_looking_ptr_is_two_sins_naming_the_first_ptr()
    {
        var ptr = new PtrReport(Client, ["192-0-2-10.dyn.isp.test", "other.test"], ForwardConfirmed: false, null);

        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(ptr: ptr));

        Assert.Equal(
            [new Sin(SinKind.FcrdnsFailed, 0.75, "192-0-2-10.dyn.isp.test"), new Sin(SinKind.DynamicRdns, 0.125, "192-0-2-10.dyn.isp.test")],
            v.Sins);
        Assert.Equal(0.875, v.Score);
    }

    [Fact]
    public void A_failed_ptr_lookup_or_none_at_all_is_no_sin()
    {
        var failed = new SessionVerdictBuilder(Weights, permitted: false).Build(End(ptr: new PtrReport(Client, [], false, "timeout")));
        var none = new SessionVerdictBuilder(Weights, permitted: false).Build(End(ptr: null));

        Assert.Empty(failed.Sins);
        Assert.Empty(none.Sins);
    }

    [Fact]
    public void A_dnsbl_listing_weighs_the_configured_weight_times_the_dnsbl_score_and_names_the_listing_zones()
    {
        var report = Listed(score: 2);

        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(dnsbl: report));

        Assert.Same(report, v.Dnsbl);
        Assert.Equal([new Sin(SinKind.DnsblListed, 3, "bl.test,two.test")], v.Sins);
        Assert.Equal(3, v.Score);
    }

    [Fact]
    public void A_report_that_does_not_list_the_client_is_no_sin()
    {
        var report = new DnsblReport(Client, [new ZoneResult("bl.test", ZoneStatus.Listed, 0.5, [], null, null)], 0.5, Listed: false);

        var v = new SessionVerdictBuilder(Weights, permitted: false).Build(End(dnsbl: report));

        Assert.Same(report, v.Dnsbl);
        Assert.Empty(v.Sins);
        Assert.Null(SessionVerdictBuilder.DnsblSin(report, Weights));
    }

    [Fact]
    public void A_retry_is_a_virtue_that_takes_from_the_score()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);
        builder.Add(SinKind.Pregreet);

        var v = builder.Build(End(retried: true));

        Assert.Equal([new Sin(SinKind.Pregreet, 0.5), new Sin(SinKind.Retried, -2)], v.Sins);
        Assert.Equal(-1.5, v.Score);
        Assert.False(v.IsSpambot);
    }

    [Fact]
    public void Sins_judged_at_the_end_follow_the_session_sins_in_a_fixed_order()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);
        builder.Add(SinKind.Pipelining);

        var v = builder.Build(End(helo: "localhost", ptr: new PtrReport(Client, [], false, null), dnsbl: Listed(1), retried: true));

        Assert.Equal(
            [SinKind.Pipelining, SinKind.HeloLocalhost, SinKind.MissingRdns, SinKind.DnsblListed, SinKind.Retried],
            v.Sins.Select(s => s.Kind));
        Assert.Equal(1 + 1 + 0.25 + 1.5 - 2, v.Score);
    }

    [Fact]
    public void A_permitted_client_is_never_judged()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: true);

        Assert.False(builder.Add(SinKind.Pregreet));
        var v = builder.Build(End(helo: "203.0.113.1", ptr: new PtrReport(Client, [], false, null), dnsbl: Listed(2), retried: true));

        Assert.Empty(v.Sins);
        Assert.Equal(0, v.Score);
        Assert.Empty(builder.SinNames);
    }

    [Fact]
    public void Building_leaves_the_builder_as_it_was_so_the_same_facts_build_the_same_verdict()
    {
        var builder = new SessionVerdictBuilder(Weights, permitted: false);
        builder.Add(SinKind.BareLf);
        var end = End(helo: "localhost", dnsbl: Listed(1));

        var first = builder.Build(end);
        var second = builder.Build(end);

        Assert.Equal([new Sin(SinKind.BareLf, 1)], builder.Sins);
        Assert.Equal(first.Sins, second.Sins);
        Assert.Equal(first.Score, second.Score);
    }
}
