using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.Actor;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Mx;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Mx;

/// <summary>
/// Issue 15: the watch probes real loopback primaries on the manual clock's interval and gates highest-mx verdicts.
/// Probe outcomes arrive in real time (a TCP connect); the specs wait for them on the observer, bounded.
/// </summary>
public sealed class MxWatchActorSpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    private readonly ActorSpecKit kit = new();
    private readonly TestProbe observer;
    private readonly TestProbe resolver;
    private readonly RecentVerdicts forwarded = new();

    public MxWatchActorSpec()
    {
        observer = kit.CreateProbe("observer");
        resolver = kit.CreateProbe("resolver");
    }

    [Fact]
    public async Task Issue15_configured_primary_is_probed_at_start_and_every_interval()
    {
        await using var primary = new PrimaryMx(answering: true);
        var t0 = kit.Clock.GetUtcNow();
        await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]");
        var first = await observer.ExpectMsgAsync<ProbeResult>();
        Assert.Equal(("corp.test", t0, ProbeState.Answering), (first.Domain, first.At, first.State));

        await kit.AdvanceAsync(59 * S);
        await kit.WhenIdleAsync();
        Assert.False(observer.HasMessages);
        await kit.AdvanceAsync(1 * S);
        var second = await observer.ExpectMsgAsync<ProbeResult>();
        Assert.Equal((t0 + 60 * S, ProbeState.Answering), (second.At, second.State));
        Assert.Equal(2, primary.Accepted);
    }

    [Fact]
    public async Task Issue15_silent_primary_is_not_answering_at_the_probe_timeout()
    {
        await using var primary = new PrimaryMx(answering: false);
        await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]");
        await kit.AdvanceAsync(4.9 * S);
        Assert.False(observer.HasMessages);
        await kit.AdvanceAsync(0.1 * S);
        var result = await observer.ExpectMsgAsync<ProbeResult>();
        Assert.Equal(ProbeState.NotAnswering, result.State);
        Assert.Contains("no greeting within 5s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_closed_primary_is_not_answering()
    {
        await StartAsync($"actortrap.smtp.mx.primaries=[\"127.0.0.1:{PrimaryMx.ClosedPort()}\"]");
        Assert.Equal(ProbeState.NotAnswering, (await observer.ExpectMsgAsync<ProbeResult>()).State);
    }

    [Fact]
    public async Task Issue15_without_primaries_the_most_preferred_mx_hosts_are_probed_on_port_25()
    {
        await StartAsync();
        var ask = await resolver.ExpectMsgAsync<CheckMx>();
        Assert.Equal("corp.test", ask.Domain);
        resolver.Reply(new MxReport("corp.test", [new MxHost(10, "127.0.0.1."), new MxHost(20, "mx.trap.test.")], null));
        var result = await observer.ExpectMsgAsync<ProbeResult>();
        // Nothing listens on 127.0.0.1:25 here; what matters is which host and port were tried.
        Assert.Contains("127.0.0.1:25", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("mx.trap.test", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue15_failed_mx_lookup_is_unknown()
    {
        await StartAsync();
        await resolver.ExpectMsgAsync<CheckMx>();
        resolver.Reply(new MxReport("corp.test", [], "no answer within the lookup budget"));
        Assert.Equal(ProbeState.Unknown, (await observer.ExpectMsgAsync<ProbeResult>()).State);
    }

    [Fact]
    public async Task Issue15_verdict_waits_for_the_next_probe_and_is_confirmed_when_the_primary_answered_both()
    {
        await using var primary = new PrimaryMx(answering: true);
        var watch = await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]");
        await observer.ExpectMsgAsync<ProbeResult>();
        await kit.AdvanceAsync(10 * S);
        var start = kit.Clock.GetUtcNow();
        await kit.AdvanceAsync(5 * S);
        watch.Tell(new HoldVerdict(Candidate("corp.test", start, kit.Clock.GetUtcNow())));
        await kit.WhenIdleAsync();
        Assert.Empty(forwarded.Latest());
        Assert.Equal(1, primary.Accepted); // a session never makes us connect out

        await kit.AdvanceAsync(45 * S);
        await observer.ExpectMsgAsync<ProbeResult>();
        await kit.WhenIdleAsync();
        var v = Assert.Single(forwarded.Latest());
        Assert.Equal(2, v.Score); // the reference weight of highest-mx
        Assert.Contains(v.Sins, s => s.Kind == SinKind.HighestMx && s.Weight == 2);
    }

    [Fact]
    public async Task Issue15_verdict_loses_the_sin_when_the_primary_stops_answering_after_the_session()
    {
        await using var primary = new PrimaryMx(answering: true);
        var watch = await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]");
        await observer.ExpectMsgAsync<ProbeResult>();
        var start = kit.Clock.GetUtcNow();
        await kit.AdvanceAsync(5 * S);
        watch.Tell(new HoldVerdict(Candidate("corp.test", start, kit.Clock.GetUtcNow())));
        primary.Answering = false;
        await kit.AdvanceAsync(55 * S + 5 * S); // the next probe, then its timeout
        Assert.Equal(ProbeState.NotAnswering, (await observer.ExpectMsgAsync<ProbeResult>()).State);
        await kit.WhenIdleAsync();
        var v = Assert.Single(forwarded.Latest());
        Assert.Equal(0, v.Score);
        Assert.DoesNotContain(v.Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public async Task Issue15_flush_at_shutdown_forwards_held_verdicts_without_the_sin()
    {
        await using var primary = new PrimaryMx(answering: true);
        var watch = await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]");
        await observer.ExpectMsgAsync<ProbeResult>();
        await kit.AdvanceAsync(1 * S);
        watch.Tell(new HoldVerdict(Candidate("corp.test", kit.Clock.GetUtcNow(), kit.Clock.GetUtcNow())));
        var flushed = await watch.Ask<Flushed>(FlushAndStop.Instance);
        Assert.Equal(1, flushed.Count);
        Assert.DoesNotContain(Assert.Single(forwarded.Latest()).Sins, s => s.Kind == SinKind.HighestMx);
    }

    [Fact]
    public async Task Issue15_domain_found_by_mx_lookup_is_probed_from_the_next_interval_on()
    {
        await using var primary = new PrimaryMx(answering: true);
        var watch = await StartAsync($"actortrap.smtp.mx.primaries=[\"{primary.HostPort}\"]", "actortrap.smtp.mx.check-dns=true");
        await observer.ExpectMsgAsync<ProbeResult>();
        watch.Tell(new HoldVerdict(Candidate("found.test", kit.Clock.GetUtcNow(), kit.Clock.GetUtcNow())));
        await kit.WhenIdleAsync();
        Assert.Equal(0, Assert.Single(forwarded.Latest()).Score); // nothing known yet: no sin, no wait
        await kit.WhenIdleAsync();
        Assert.False(resolver.HasMessages);

        await kit.AdvanceAsync(60 * S);
        Assert.Equal("found.test", (await resolver.ExpectMsgAsync<CheckMx>()).Domain);
        var status = await watch.Ask<MxStatus>(GetMxStatus.Instance);
        Assert.Equal(["corp.test", "found.test"], status.Domains);
    }

    public async ValueTask DisposeAsync() => await kit.DisposeAsync();

    private async Task<IActorRef> StartAsync(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, ["actortrap.smtp.mx.backup-domains=[\"corp.test\"]", .. overrides]), _ => null);
        var smtp = loaded.Settings?.Smtp ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        var watch = kit.ActorOf(MxWatchActor.Props(smtp.Mx, smtp.SinWeights[SinKind.HighestMx], resolver.Ref, forwarded, NullLogger.Instance, observer.Ref), "mx");
        await kit.AdvanceAsync(TimeSpan.Zero); // the first round is due at once
        return watch;
    }

    private static Verdict Candidate(string domain, DateTimeOffset start, DateTimeOffset end) =>
        new(IPAddress.Parse("192.0.2.10"), "node-a", start, end, SessionMode.Observe, SessionOutcome.Observed, null,
            [new Sin(SinKind.HighestMx, 0, domain)], 0, "relay.example", null, [domain], true, 10, 10);
}
