using ActorTrap.Node.Reputation;
using System.Net;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Session;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Scoring;

/// <summary>
/// Issue 18: evidence that comes only from remote UDP feed reporters lists an address once min-reporters (2) distinct
/// reporters agree within the window (24 h), or one trusted reporter reported it; the cluster's own sessions are one
/// trusted reporter. Threshold 3, half-life 1 day, listing TTL 24 h.
/// </summary>
public sealed class ConsensusSpec
{
    private static readonly ScoringOptions Rules = new(3, TimeSpan.FromDays(1), TimeSpan.FromHours(24));

    private static EvidenceDelta From(string reporter, DateTimeOffset at, double score = 5, bool trusted = false, string address = "11.0.0.1") =>
        Delta(address, score, at, "pregreet") with { Reporters = [new ReporterMark(reporter, at, trusted)] };

    [Fact]
    public void One_untrusted_reporter_alone_never_lists_however_high_its_score()
    {
        var r = Scorer.Merge(null, From("det-a", T0, score: 100), T0, Rules);
        r = Scorer.Merge(r.Record, From("det-a", T0.AddMinutes(1), score: 100), T0.AddMinutes(1), Rules);

        Assert.False(r.Record.IsListedAt(T0.AddMinutes(1)));
        Assert.True(r.Record.Score > 199, $"score {r.Record.Score}");
        Assert.Equal([new ReporterMark("det-a", T0.AddMinutes(1), false)], r.Record.Reporters);
    }

    [Fact]
    public void Second_distinct_reporter_within_the_window_lists_and_the_listing_names_both()
    {
        var a = Scorer.Merge(null, From("det-a", T0), T0, Rules);
        var later = T0 + TimeSpan.FromHours(23);
        var b = Scorer.Merge(a.Record, From("det-b", later), later, Rules);

        Assert.False(a.NewlyListed);
        Assert.True(b.NewlyListed);
        Assert.Equal(["det-a", "det-b"], b.Record.ToListing().Reporters);
    }

    [Fact]
    public void Report_that_left_the_window_does_not_combine_with_a_new_one_from_another_reporter()
    {
        var a = Scorer.Merge(null, From("det-a", T0), T0, Rules);
        var later = T0 + TimeSpan.FromHours(24);
        var b = Scorer.Merge(a.Record, From("det-b", later), later, Rules);

        Assert.False(b.Record.IsListedAt(later));
        Assert.Equal(["det-b"], b.Record.Reporters.Select(r => r.Id));
    }

    /// <summary>
    /// Both halves of issue 18 on one address: a harvest lists it in the harvester class (which does not block mail)
    /// without another reporter, and is no evidence of sending, so it must not corroborate trap evidence that one
    /// untrusted detector sent: the address stays a harvester, never a trap listing on one detector's word.
    /// </summary>
    [Fact]
    public void Harvest_lists_a_harvester_but_does_not_corroborate_one_untrusted_reporters_trap_evidence()
    {
        var trap = Delta("11.0.0.5", 0.5, T0, "trap-address") with { Reporters = [new ReporterMark("det-a", T0, false)] };
        var reported = Scorer.Merge(null, trap, T0, Rules);
        Assert.False(reported.Record.IsListedAt(T0));

        var t1 = T0.AddMinutes(5);
        var harvest = Delta("11.0.0.5", 0, t1, "harvest:20241231t2300:1h:192.0.2.9") with { Harvester = true };
        var harvested = Scorer.Merge(reported.Record, harvest, t1, Rules);

        Assert.True(harvested.NewlyListed);
        Assert.Equal(ListingClass.Harvester, harvested.Record.Class);
        Assert.Equal(["det-a"], harvested.Record.Reporters.Select(r => r.Id));

        // Combined with the remote delta in one batch before the write: the same answer.
        var combined = Scorer.Combine(trap, harvest, Rules.HalfLife, Rules.MaxReasons);
        var once = Scorer.Merge(null, combined, t1, Rules);
        Assert.Equal(ListingClass.Harvester, once.Record.Class);

        // A second detector agrees: now it is a trap listing, the class that blocks.
        var t2 = t1.AddMinutes(5);
        var agreed = Scorer.Merge(harvested.Record, Delta("11.0.0.5", 0.5, t2, "trap-address") with { Reporters = [new ReporterMark("det-b", t2, false)] }, t2, Rules);
        Assert.Equal(ListingClass.Trap, agreed.Record.Class);
    }

    [Fact]
    public void Trusted_reporter_alone_lists()
    {
        var r = Scorer.Merge(null, From("det-t", T0, trusted: true), T0, Rules);

        Assert.True(r.NewlyListed);
        Assert.Equal(["det-t"], r.Record.ToListing().Reporters);
    }

    [Fact]
    public void Own_sessions_are_one_trusted_reporter_and_are_not_named_in_the_listing()
    {
        var own = Scorer.Merge(null, Delta("11.0.0.1", 5, T0, "pregreet"), T0, Rules);
        Assert.True(own.NewlyListed);
        Assert.Empty(own.Record.ToListing().Reporters);

        // A remote report alone would not list; with the own sessions' evidence it does, and the listing names it.
        var remote = Scorer.Merge(Scorer.Merge(null, Delta("11.0.0.2", 1, T0), T0, Rules).Record, From("det-a", T0, address: "11.0.0.2"), T0, Rules);
        Assert.True(remote.NewlyListed);
        Assert.Equal(["det-a"], remote.Record.ToListing().Reporters);
    }

    [Fact]
    public void Record_from_before_issue_18_counts_as_the_own_sessions_evidence()
    {
        var old = Scorer.Merge(null, Delta("11.0.0.1", 1, T0), T0, Rules).Record with { Reporters = [] };

        Assert.True(Scorer.Merge(old, From("det-a", T0.AddMinutes(1)), T0.AddMinutes(1), Rules).NewlyListed);
    }

    [Fact]
    public void Trap_sin_from_one_untrusted_reporter_does_not_list()
    {
        var trap = Delta("11.0.0.1", 1, T0, "trap-address") with { Reporters = [new ReporterMark("det-a", T0, false)] };

        Assert.False(Scorer.Merge(null, trap, T0, Rules).Record.IsListedAt(T0));
    }

    [Fact]
    public void Reporters_kept_per_address_are_the_newest_sixteen_one_each()
    {
        ReputationRecord? record = null;
        for (var i = 0; i < 40; i++)
        {
            var at = T0.AddMinutes(i);
            record = Scorer.Merge(record, From($"det-{i % 20}", at, score: 0.01), at, Rules with { MinReporters = 16 }).Record;
        }

        Assert.Equal(ReporterMark.MaxPerAddress, record!.Reporters.Count);
        Assert.Equal(record.Reporters.Count, record.Reporters.Select(r => r.Id).Distinct().Count());
        Assert.Equal("det-19", record.Reporters[0].Id);
        Assert.Equal(T0.AddMinutes(39), record.Reporters[0].At);
    }

    [Fact]
    public void Min_reporters_of_three_waits_for_the_third()
    {
        var rules = Rules with { MinReporters = 3 };
        var r = Scorer.Merge(null, From("det-a", T0), T0, rules);
        r = Scorer.Merge(r.Record, From("det-b", T0), T0, rules);
        Assert.False(r.Record.IsListedAt(T0));

        Assert.True(Scorer.Merge(r.Record, From("det-c", T0), T0, rules).NewlyListed);
    }

    [Fact]
    public void Combining_deltas_keeps_every_reporter_once_and_a_verdict_carries_its_reporter()
    {
        var combined = Scorer.Combine(From("det-a", T0), From("det-a", T0.AddSeconds(5), trusted: true), Rules.HalfLife, 24);
        Assert.Equal([new ReporterMark("det-a", T0.AddSeconds(5), true)], combined.Reporters);
        Assert.Equal(2, Scorer.Combine(combined, Delta("11.0.0.1", 1, T0), Rules.HalfLife, 24).Reporters.Count);
        Assert.Empty(Scorer.Combine(Delta("11.0.0.1", 1, T0), Delta("11.0.0.1", 1, T0), Rules.HalfLife, 24).Reporters);

        var verdict = Verdict(IPAddress.Parse("11.0.0.1"), T0, "det-node", new Sin(SinKind.Pregreet, 2)) with { ReporterId = "det-a", ReporterTrusted = true };
        Assert.Equal([new ReporterMark("det-a", T0, true)], Scorer.FromVerdict(verdict, false, 24).Reporters);
        Assert.Empty(Scorer.FromVerdict(verdict with { ReporterId = null }, false, 24).Reporters);
    }

    [Fact]
    public void Store_text_of_the_reporters_reads_back()
    {
        IReadOnlyList<ReporterMark> marks = [new("det-a", T0, false), new(ReporterMark.LocalId, T0.AddMilliseconds(1), true), new("det_9", T0.AddDays(1), true)];

        Assert.Equal(marks, ReporterMark.Parse(ReporterMark.Format(marks)));
        Assert.Empty(ReporterMark.Parse(""));
        Assert.Equal("det-a@1735689600000 *@1735689600001!", ReporterMark.Format(marks.Take(2).ToList()));
    }
}
