using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Mx;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Mx;

/// <summary>Issue 15: highest-mx counts only when the primary answered the probes before and after the session.</summary>
public sealed class HighestMxGateSpec
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly ManualTimeProvider clock = new();
    private readonly RecentVerdicts forwarded = new();

    private DateTimeOffset Now => clock.GetUtcNow();

    [Fact]
    public void Issue15_primary_answering_before_and_after_the_session_confirms_the_sin_with_its_weight()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        var verdict = Session(TimeSpan.FromSeconds(10), other: 1);
        gate.Submit(verdict);
        Assert.Empty(forwarded.Latest()); // held until the next probe
        Assert.Equal(1, gate.Held);

        Probe(gate, ProbeState.Answering);
        var v = Assert.Single(forwarded.Latest());
        Assert.Contains(v.Sins, s => s.Kind == SinKind.HighestMx && s.Weight == 2 && s.Detail == "corp.test");
        Assert.Equal(3, v.Score);
        Assert.Equal(0, gate.Held);
        Assert.Equal(1, gate.Counts.Confirmed);
    }

    [Fact]
    public void Issue15_primary_down_after_the_session_removes_the_sin_and_its_weight()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        gate.Submit(Session(TimeSpan.FromSeconds(10), other: 1));
        Probe(gate, ProbeState.NotAnswering);
        var v = Assert.Single(forwarded.Latest());
        Assert.DoesNotContain(v.Sins, s => s.Kind == SinKind.HighestMx);
        Assert.Equal(1, v.Score);
    }

    [Theory]
    [InlineData(ProbeState.NotAnswering)]
    [InlineData(ProbeState.Unknown)]
    public void Issue15_primary_down_or_unknown_before_the_session_forwards_at_once_without_the_sin(ProbeState before)
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, before);
        gate.Submit(Session(TimeSpan.FromSeconds(10)));
        var v = Assert.Single(forwarded.Latest()); // no wait: the after probe cannot make it a sin
        Assert.DoesNotContain(v.Sins, s => s.Kind == SinKind.HighestMx);
        Assert.Equal(0, v.Score);
        Assert.Equal(0, gate.Held);
    }

    [Fact]
    public void Issue15_no_probe_yet_means_no_sin()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        gate.Submit(Session(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(Assert.Single(forwarded.Latest()).Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public void Issue15_unknown_after_the_session_removes_the_sin()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        gate.Submit(Session(TimeSpan.FromSeconds(10)));
        Probe(gate, ProbeState.Unknown);
        Assert.DoesNotContain(Assert.Single(forwarded.Latest()).Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public void Issue15_a_probe_of_another_domain_or_one_started_during_the_session_does_not_release_it()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        var start = Now;
        clock.Advance(Minute);
        gate.OnProbe(new ProbeResult("other.test", Now, ProbeState.Answering, "x"));
        gate.OnProbe(new ProbeResult("corp.test", Now, ProbeState.Answering, "during the session"));
        clock.Advance(TimeSpan.FromSeconds(10));
        gate.Submit(Verdict(start, Now, other: 0));
        Assert.Empty(forwarded.Latest());
        Probe(gate, ProbeState.Answering);
        Assert.Single(forwarded.Latest());
    }

    [Fact]
    public void Issue15_verdict_arriving_after_its_after_probe_is_decided_at_once()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        var start = Now;
        clock.Advance(TimeSpan.FromSeconds(5));
        var end = Now;
        Probe(gate, ProbeState.Answering); // the verdict waited for its MX answer past this probe
        gate.Submit(Verdict(start, end, other: 0));
        Assert.Equal(2, Assert.Single(forwarded.Latest()).Score);
    }

    [Fact]
    public void Issue15_beyond_the_bound_a_candidate_goes_on_at_once_without_the_sin_and_is_counted()
    {
        var gate = new HighestMxGate(forwarded, weight: 2, maxHeld: 3);
        Probe(gate, ProbeState.Answering);
        clock.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            gate.Submit(Session(TimeSpan.FromSeconds(1)));
        }

        Assert.Equal(3, gate.Held);
        Assert.Equal(2, forwarded.Latest().Count);
        Assert.All(forwarded.Latest(), v => Assert.DoesNotContain(v.Sins, s => s.Kind == SinKind.HighestMx));
        Assert.Equal(2, gate.Counts.Overflowed);
        Probe(gate, ProbeState.Answering);
        Assert.Equal(3, forwarded.Latest().Count(v => v.Score == 2));
    }

    [Fact]
    public void Issue15_shutdown_flush_forwards_every_held_verdict_without_the_unconfirmed_sin()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        gate.Submit(Session(TimeSpan.FromSeconds(10), other: 1));
        gate.Submit(Session(TimeSpan.FromSeconds(10), other: 1));
        Assert.Equal(2, gate.Flush());
        Assert.Equal(0, gate.Held);
        Assert.Equal(2, forwarded.Latest().Count);
        Assert.All(forwarded.Latest(), v => Assert.Equal((1.0, false), (v.Score, v.Sins.Any(s => s.Kind == SinKind.HighestMx))));
        Assert.Equal(2, gate.Counts.Flushed);
    }

    [Fact]
    public void Verdict_without_a_candidate_passes_untouched()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        var plain = Verdict(Now, Now, other: 1) with { Sins = [new Sin(SinKind.NoQuit, 1)] };
        gate.Submit(plain);
        Assert.Same(plain, Assert.Single(forwarded.Latest()));
    }

    [Fact]
    public void Forgotten_domain_releases_its_verdicts_without_the_sin()
    {
        var gate = new HighestMxGate(forwarded, weight: 2);
        Probe(gate, ProbeState.Answering);
        gate.Submit(Session(TimeSpan.FromSeconds(10)));
        gate.Forget("corp.test");
        Assert.Equal(0, Assert.Single(forwarded.Latest()).Score);
        Assert.Empty(gate.History);
    }

    /// <summary>A probe round of corp.test now, then a minute passes.</summary>
    private void Probe(HighestMxGate gate, ProbeState state)
    {
        gate.OnProbe(new ProbeResult("corp.test", Now, state, state.ToString()));
        clock.Advance(Minute);
    }

    /// <summary>A session from now lasting <paramref name="length"/> (the clock moves to its end), with a candidate for corp.test.</summary>
    private Verdict Session(TimeSpan length, double other = 0)
    {
        var start = Now;
        clock.Advance(length);
        return Verdict(start, Now, other);
    }

    private static Verdict Verdict(DateTimeOffset start, DateTimeOffset end, double other)
    {
        List<Sin> sins = [new Sin(SinKind.HighestMx, 0, "corp.test")];
        if (other > 0)
        {
            sins.Add(new Sin(SinKind.Pregreet, other));
        }

        return new Verdict(IPAddress.Parse("192.0.2.10"), "node-a", start, end, SessionMode.Observe, SessionOutcome.Observed, null, sins, other,
            "relay.example", null, ["corp.test"], true, 10, 10);
    }
}
