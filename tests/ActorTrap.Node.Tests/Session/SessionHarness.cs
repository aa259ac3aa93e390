using ActorTrap.Node.Hosting.Actors;
using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.Actor;
using Akka.TestKit;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Session;

/// <summary>
/// Runs session actors on a manual clock with a probe standing in for the resolver (the real resolver has its own
/// specs and runs against rbldnsd end to end). Options come from the real configuration loader, so every spec also
/// exercises the reference defaults and the overrides it names.
/// </summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private long ids;

    public SessionHarness(params string[] overrides)
    {
        var loaded = NodeConfig.Load(new ConfigSources(null, ["actortrap.smtp.hostname=mx.trap.test", .. overrides]), _ => null);
        Options = loaded.Settings?.Smtp ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        LogOptions = loaded.Settings.Log;
        Resolver = Kit.CreateProbe("resolver");
        Gate = new ConnectionGate(100, Options.MaxConnectionsPerIp, Options.MaxHeld > 0 ? Options.MaxHeld : 90);
        Metrics = new SmtpMetrics(Gate);
        Tagged = ActorTrap.Node.Traps.TaggedTraps.Create(loaded.Settings.Traps, TrapMetrics, NullLogger.Instance);
        var context = new SessionContext(Options, "node-a", Gate, Metrics, Resolver.Ref, Blacklist, Sink, Registry, new SessionReplies(Options), NullLogger.Instance)
        {
            Retries = new RetryMemory(Options.Retry),
            Tagged = Tagged,
            Harvests = Harvests,
            HoldHarvesters = loaded.Settings.Traps.Harvesters.Block,
            Lines = new SessionLog(Logs.CreateLogger(SessionLog.Category), LogOptions.Sessions, Kit.Clock),
        };
        HoldPool = Kit.ActorOf(ActorTrap.Node.Session.Hold.HoldPool.Props(context), "hold-0");
        Context = context with { HoldPools = [HoldPool] };
    }

    /// <summary>The one hold pool every held session of the harness hands its client to.</summary>
    public IActorRef HoldPool { get; }

    public ActorSpecKit Kit { get; } = new();

    public SmtpOptions Options { get; }

    /// <summary>The <c>actortrap.log</c> options the harness's overrides gave.</summary>
    public LogOptions LogOptions { get; }

    /// <summary>What the sessions logged through their session line (events 1010, 1011).</summary>
    public LogCapture Logs { get; } = new();

    public TestProbe Resolver { get; }

    public ConnectionGate Gate { get; }

    public SmtpMetrics Metrics { get; }

    public RecentVerdicts Sink { get; } = new();

    /// <summary>Tagged trap addresses (issue 18), when the overrides configure them.</summary>
    public ActorTrap.Node.Traps.TaggedTraps? Tagged { get; }

    public ActorTrap.Node.Traps.TrapMetrics TrapMetrics { get; } = new();

    /// <summary>The harvests the sessions reported.</summary>
    public RecordingHarvests Harvests { get; } = new();

    public SessionRegistry Registry { get; } = new();

    public TestBlacklist Blacklist { get; } = new();

    public SessionContext Context { get; }

    public TimeProvider Clock => Kit.Clock;

    public DateTimeOffset Start { get; private set; }

    /// <summary>Starts a session for a client at <paramref name="remote"/> and returns its scripted connection.</summary>
    public async Task<(ScriptedConnection Client, IActorRef Session)> ConnectAsync(string remote = "192.0.2.10:40000", bool proxied = false)
    {
        var connection = new ScriptedConnection(remote) { Clock = Clock };
        var id = Interlocked.Increment(ref ids);
        Start = Clock.GetUtcNow();
        var session = Kit.ActorOf(ActorProps.Of(() => new SessionActor(Context, connection, proxied, id)), "session-" + id);
        await Kit.WhenIdleAsync();
        return (connection, session);
    }

    /// <summary>Answers the session's DNSBL question: listed by one zone of weight 1, or not listed.</summary>
    public async Task AnswerDnsblAsync(bool listed)
    {
        var check = await Resolver.ExpectMsgAsync<CheckClient>();
        var zone = new ZoneResult("bl.test", listed ? ZoneStatus.Listed : ZoneStatus.NotListed, 1,
            listed ? [IPAddress.Parse("127.0.0.2")] : [], null, null);
        Resolver.Reply(new DnsblReport(check.Client, [zone], listed ? 1 : 0, listed));
        await Kit.WhenIdleAsync();
    }

    public Task AdvanceAsync(TimeSpan by) => Kit.AdvanceAsync(by);

    public Task IdleAsync() => Kit.WhenIdleAsync();

    public Verdict SingleVerdict() => Assert.Single(Sink.Latest());

    public async ValueTask DisposeAsync()
    {
        await Kit.DisposeAsync();
        Metrics.Dispose();
        TrapMetrics.Dispose();
    }
}

/// <summary>Our own list for session specs: a plain dictionary (the real one is the reputation stage's).</summary>
internal sealed class TestBlacklist : ILocalBlacklist
{
    private readonly Dictionary<IPAddress, Listing> listings = [];

    public void List(string address, ListingClass listingClass = ListingClass.Manual) => listings[IPAddress.Parse(address)] =
        new Listing(IPAddress.Parse(address), 32, listingClass, 0, ["test"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    public bool TryGet(IPAddress address, out Listing? listing) => listings.TryGetValue(address, out listing);

    public IReadOnlyCollection<Listing> Snapshot() => [.. listings.Values];
}

/// <summary>The harvests sessions reported, in order (thread-safe: sessions run on the dispatcher's threads).</summary>
internal sealed class RecordingHarvests : ActorTrap.Node.Traps.IHarvestSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ActorTrap.Node.Traps.HarvestEvidence> harvests = new();

    public IReadOnlyList<ActorTrap.Node.Traps.HarvestEvidence> All => [.. harvests];

    public void Submit(ActorTrap.Node.Traps.HarvestEvidence harvest) => harvests.Enqueue(harvest);
}
