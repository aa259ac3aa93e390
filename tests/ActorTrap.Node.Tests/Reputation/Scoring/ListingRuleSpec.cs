using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Scoring;

/// <summary>
/// Issue 15: every example of the listing rule written in hocon/actortrap.conf (actortrap.reputation.list-threshold),
/// taken literally, with the reference configuration's weights, threshold, half-life, soft cap and evidence window:
/// sessions become verdicts, verdicts become deltas, deltas are merged by the one rule both stores run.
/// </summary>
public sealed class ListingRuleSpec
{
    private static readonly ActorTrap.Node.Configuration.NodeSettings Reference = Settings.Load();
    private static readonly ScoringOptions Rules = ReputationService.Scoring(Reference);
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.25");

    private ReputationRecord? record;
    private DateTimeOffset now = T0;

    [Fact]
    public void Reference_rule_is_threshold_3_half_life_1d_soft_cap_2_window_5d()
    {
        Assert.Equal((3.0, TimeSpan.FromDays(1), 2.0, TimeSpan.FromDays(5), -2.0),
            (Rules.ListThreshold, Rules.HalfLife, Rules.SoftCap, Rules.EvidenceWindow, Rules.VirtueFloor));
    }

    [Fact]
    public void Trap_address_lists_at_once()
    {
        Assert.True(Session(SinKind.TrapAddress));
        Assert.Equal(ListingClass.Trap, record!.Class);
    }

    [Fact]
    public void Non_smtp_command_lists_in_one_session()
    {
        Assert.True(Session(SinKind.NonSmtpCommand));
    }

    [Theory]
    [InlineData(SinKind.Pregreet)]
    [InlineData(SinKind.HeloOurName)]
    [InlineData(SinKind.HeloRecipientDomain)]
    public void Strong_sin_of_weight_2_lists_in_two_sessions_one_half_life_apart_and_not_further(SinKind kind)
    {
        Assert.False(Session(kind));
        Assert.True(Session(kind, after: TimeSpan.FromDays(1)));

        Reset();
        Assert.False(Session(kind));
        Assert.False(Session(kind, after: TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void No_quit_with_pipelining_lists_in_two_sessions()
    {
        Assert.False(Session(SinKind.NoQuit, SinKind.Pipelining));
        Assert.True(Session(TimeSpan.FromHours(1), SinKind.NoQuit, SinKind.Pipelining));
    }

    [Fact]
    public void Founding_rule_client_highest_mx_and_no_quit_lists_in_one_session()
    {
        Assert.True(Session(SinKind.HighestMx, SinKind.NoQuit));
    }

    [Fact]
    public void Highest_mx_with_one_more_sin_lists_in_two_sessions()
    {
        Assert.False(Session(SinKind.HighestMx, SinKind.HeloNotFqdn));
        Assert.True(Session(TimeSpan.FromHours(1), SinKind.HighestMx, SinKind.HeloNotFqdn));
    }

    [Fact]
    public void No_quit_with_a_soft_sin_lists_in_two_sessions_twelve_hours_apart()
    {
        Assert.False(Session(SinKind.NoQuit, SinKind.MissingRdns));
        Assert.True(Session(TimeSpan.FromHours(12), SinKind.NoQuit, SinKind.MissingRdns));
        Assert.Equal(1.5 + 1.5 * Math.Pow(0.5, 0.5) + 0.5, Scorer.Standing(record!, now, Rules), 9);
    }

    [Fact]
    public void No_quit_with_a_soft_sin_lists_in_three_sessions_twelve_hours_apart_when_retries_cancel_the_soft_sin()
    {
        // Issue 15: no-QUIT with any other sin is strong evidence, which no retry offsets.
        Assert.False(Session(SinKind.NoQuit, SinKind.MissingRdns, SinKind.Retried));
        Assert.False(Session(TimeSpan.FromHours(12), SinKind.NoQuit, SinKind.MissingRdns, SinKind.Retried));
        Assert.True(Session(TimeSpan.FromHours(12), SinKind.NoQuit, SinKind.MissingRdns, SinKind.Retried));
        Assert.Equal(1.5 + 1.5 * Math.Pow(0.5, 0.5) + 0.75, Scorer.Standing(record!, now, Rules), 9);
    }

    [Theory]
    [InlineData(SinKind.NoQuit)]
    [InlineData(SinKind.HighestMx)]
    [InlineData(SinKind.Pipelining)]
    public void Corroborated_sin_alone_never_lists(SinKind kind)
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.False(Session(TimeSpan.FromMinutes(5), kind));
        }

        Assert.Equal(0, record!.Score);
    }

    [Fact]
    public void Soft_sins_alone_never_list_however_often_and_however_many_kinds()
    {
        var every = Enum.GetValues<SinKind>().Where(k => k.Class() == SinClass.Soft).ToArray();
        Assert.Equal(9, every.Length);
        for (var i = 0; i < 200; i++)
        {
            Assert.False(Session(TimeSpan.FromMinutes(30), every));
        }

        Assert.Equal(Rules.SoftCap, Scorer.Standing(record!, now, Rules), 9);
    }

    [Fact]
    public void A_retrying_mta_with_soft_sins_stands_at_zero_and_is_never_listed()
    {
        // The Postfix with no reverse DNS and a short HELO, retried by its queue for five days.
        Assert.False(Session(SinKind.MissingRdns, SinKind.HeloNotFqdn));
        for (var retry = 0; retry < 40; retry++)
        {
            Assert.False(Session(TimeSpan.FromHours(3), SinKind.MissingRdns, SinKind.HeloNotFqdn, SinKind.Retried));
            Assert.Equal(0, Scorer.Standing(record!, now, Rules), 9);
        }
    }

    [Fact]
    public void A_retry_never_offsets_strong_evidence()
    {
        Assert.False(Session(SinKind.Pregreet, SinKind.Retried));
        Assert.True(Session(TimeSpan.FromHours(1), SinKind.Pregreet, SinKind.Retried));
    }

    [Fact]
    public void Soft_kinds_count_once_per_evidence_window_and_again_in_the_next()
    {
        Session(SinKind.MissingRdns);
        Session(TimeSpan.FromDays(1), SinKind.MissingRdns);
        Assert.Equal(0.5, Scorer.Standing(record!, now, Rules), 9);
        Session(TimeSpan.FromDays(1), SinKind.HeloNotFqdn);
        Assert.Equal(1.0, Scorer.Standing(record!, now, Rules), 9);

        // Five days after the window began a new one starts with only what this session shows.
        Session(TimeSpan.FromDays(3), SinKind.HeloNotFqdn);
        Assert.Equal(0.5, Scorer.Standing(record!, now, Rules), 9);
        Assert.Equal(SessionEvidence.Bit(SinKind.HeloNotFqdn), record!.SoftKinds);
    }

    [Fact]
    public void Three_sessions_of_weight_one_sum_below_three_which_is_why_no_example_rests_on_that()
    {
        // Issue 15: the old comment's "the same single sin in three sessions lists" was false (2.9995 < 3).
        Assert.False(Session(SinKind.NoQuit, SinKind.Pipelining));
        Assert.True(Scorer.Standing(record!, now, Rules) < Rules.ListThreshold);
    }

    /// <summary>One session with the reference weights; true when the address is listed after it.</summary>
    private bool Session(params SinKind[] kinds) => Session(TimeSpan.Zero, kinds);

    private bool Session(SinKind kind, TimeSpan after) => Session(after, kind);

    private bool Session(TimeSpan after, params SinKind[] kinds)
    {
        now += after;
        var sins = kinds.Select(k => new Sin(k, Reference.Smtp.SinWeights[k])).ToArray();
        var delta = Scorer.FromVerdict(Verdict(Client, now, "test", sins), allowed: false, Rules.MaxReasons);
        record = Scorer.Merge(record, delta, now, Rules).Record;
        return record.IsListedAt(now);
    }

    private void Reset()
    {
        record = null;
        now = T0;
    }
}
