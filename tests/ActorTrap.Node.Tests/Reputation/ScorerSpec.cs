using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation;

/// <summary>The scoring rules as pure functions, driven by a manual clock.</summary>
public sealed class ScorerSpec
{
    private static readonly ScoringOptions Rules = new(3, TimeSpan.FromHours(6), TimeSpan.FromHours(24));
    private readonly ManualTimeProvider clock = new();

    private DateTimeOffset Now => clock.GetUtcNow();

    [Fact]
    public void Score_halves_every_half_life_and_never_grows_backwards()
    {
        Assert.Equal(8, Scorer.Decay(8, T0, T0, Rules.HalfLife));
        Assert.Equal(4, Scorer.Decay(8, T0, T0 + TimeSpan.FromHours(6), Rules.HalfLife), 12);
        Assert.Equal(1, Scorer.Decay(8, T0, T0 + TimeSpan.FromHours(18), Rules.HalfLife), 12);
        Assert.Equal(8, Scorer.Decay(8, T0, T0 - TimeSpan.FromHours(6), Rules.HalfLife));
    }

    [Fact]
    public void Evidence_below_the_threshold_is_remembered_and_decays_until_more_evidence_crosses_it()
    {
        var first = Scorer.Merge(null, Delta("192.0.2.1", 2, Now), Now, Rules);
        Assert.False(first.NewlyListed);

        clock.Advance(TimeSpan.FromHours(6));
        var second = Scorer.Merge(first.Record, Delta("192.0.2.1", 1.5, Now), Now, Rules);
        Assert.Equal(2.5, second.Record.Score, 12);
        Assert.False(second.NewlyListed);

        clock.Advance(TimeSpan.FromMinutes(1));
        var third = Scorer.Merge(second.Record, Delta("192.0.2.1", 1, Now), Now, Rules);
        Assert.True(third.NewlyListed);
        Assert.Equal(Now, third.Record.ListedAt);
        Assert.Equal(Now + Rules.ListingTtl, third.Record.Expires);
    }

    [Fact]
    public void Listing_lasts_listing_ttl_after_the_newest_evidence_and_is_refreshed_by_it()
    {
        var listed = Scorer.Merge(null, Delta("192.0.2.1", 5, Now), Now, Rules).Record;
        var listedAt = Now;
        clock.Advance(TimeSpan.FromHours(20));
        Assert.True(listed.IsListedAt(Now));

        var refreshed = Scorer.Merge(listed, Delta("192.0.2.1", 0.01, Now), Now, Rules);
        Assert.False(refreshed.NewlyListed);
        Assert.Equal((listedAt, Now + Rules.ListingTtl), (refreshed.Record.ListedAt!.Value, refreshed.Record.Expires!.Value));

        clock.Advance(Rules.ListingTtl);
        Assert.False(refreshed.Record.IsListedAt(Now));
        clock.Advance(TimeSpan.FromMinutes(1));
        var relisted = Scorer.Merge(refreshed.Record, Delta("192.0.2.1", 3, Now), Now, Rules);
        Assert.True(relisted.NewlyListed);
        Assert.Equal(Now, relisted.Record.ListedAt);
    }

    [Fact]
    public void Trap_address_lists_at_once_as_trap_and_stays_trap()
    {
        var trapped = Scorer.Merge(null, Delta("192.0.2.1", 0.1, Now, "trap-address"), Now, Rules);
        Assert.True(trapped.NewlyListed);
        Assert.Equal(ListingClass.Trap, trapped.Record.Class);
        var later = Scorer.Merge(trapped.Record, Delta("192.0.2.1", 1, Now, "no-quit"), Now, Rules);
        Assert.Equal(ListingClass.Trap, later.Record.ToListing().Class);
        Assert.Equal(["no-quit", "trap-address"], later.Record.ToListing().Reasons);
    }

    [Fact]
    public void Allow_listed_evidence_never_lists_and_ends_a_listing()
    {
        var allowed = Delta("192.0.2.1", 10, Now, "trap-address") with { Allowed = true };
        Assert.Null(Scorer.Merge(null, allowed, Now, Rules).Record.ListedAt);
        var listed = Scorer.Merge(null, Delta("192.0.2.1", 10, Now), Now, Rules).Record;
        Assert.Null(Scorer.Merge(listed, allowed, Now, Rules).Record.ListedAt);
    }

    [Fact]
    public void Combining_deltas_in_any_order_gives_the_same_delta()
    {
        var a = Delta("192.0.2.1", 1, T0, "pregreet");
        var b = Delta("192.0.2.1", 2, T0 + TimeSpan.FromHours(3), "no-quit");
        var c = Delta("192.0.2.1", 0.5, T0 + TimeSpan.FromHours(1), "bare-lf");
        var abc = Scorer.Combine(Scorer.Combine(a, b, Rules.HalfLife, 24), c, Rules.HalfLife, 24);
        var cba = Scorer.Combine(Scorer.Combine(c, b, Rules.HalfLife, 24), a, Rules.HalfLife, 24);
        Assert.Equal(abc.Score, cba.Score, 12);
        Assert.Equal(2 + Math.Pow(0.5, 0.5) + 0.5 * Math.Pow(0.5, 2.0 / 6), abc.Score, 12);
        Assert.Equal((abc.First, abc.Last, abc.Verdicts), (cba.First, cba.Last, cba.Verdicts));
        Assert.Equal(["bare-lf", "no-quit", "pregreet"], abc.Reasons);
    }

    [Fact]
    public void Combined_delta_carries_the_verdict_ids_of_both()
    {
        var a = Delta("192.0.2.1", 1, T0) with { Ids = [11, 12] };
        var b = Delta("192.0.2.1", 1, T0) with { Ids = [13] };
        var none = Delta("192.0.2.1", 1, T0);
        Assert.Equal([11L, 12, 13], Scorer.Combine(a, b, Rules.HalfLife, 24).Ids);
        Assert.Equal([13L, 11, 12], Scorer.Combine(b, a, Rules.HalfLife, 24).Ids);
        Assert.Equal([11L, 12], Scorer.Combine(none, a, Rules.HalfLife, 24).Ids);
        Assert.Empty(Scorer.Combine(none, none, Rules.HalfLife, 24).Ids);
    }

    [Fact]
    public void Verdict_becomes_evidence_with_sin_wire_names_listed_zones_and_millisecond_time()
    {
        var end = T0 + TimeSpan.FromTicks(12_345_678);
        var report = new DnsblReport(IPAddress.Parse("192.0.2.1"),
            [new ZoneResult("bl.example", ZoneStatus.Listed, 1, [IPAddress.Parse("127.0.0.2")], null, null),
             new ZoneResult("clean.example", ZoneStatus.NotListed, 1, [], null, null)], 1, true);
        var verdict = Verdict(IPAddress.Parse("::ffff:192.0.2.1"), end, "n1", new Sin(SinKind.HeloBareIp, 1, "1.2.3.4"), new Sin(SinKind.DnsblListed, 1))
            with { Dnsbl = report };
        var delta = Scorer.FromVerdict(verdict, allowed: false, 24);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), delta.Address);
        Assert.Equal(["bl.example", "dnsbl-listed", "helo-bare-ip"], delta.Reasons);
        // Issue 15: the HELO sin is soft (named, counted once per window); the DNSBL listing is corroborated by it.
        Assert.Equal((1.0, SessionEvidence.Bit(SinKind.HeloBareIp)), (delta.Score, delta.SoftKinds));
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(1234), delta.Last);
        Assert.False(delta.Trap);
    }

    [Fact]
    public void Reasons_drop_names_that_are_not_safe_to_publish()
    {
        Assert.Equal(["ok-name", "zone.example"],
            Scorer.NormaliseReasons(["OK-Name", "zone.example", "with space", "evil\r\nline", new string('x', 64), ""], 24));
    }
}
