using ActorTrap.Node.Metrics;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Mx;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Session;
using ActorTrap.Node.Session.Hold;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The SMTP side of a node: the caps (sized from the open-file limit), the sessions actor <c>/user/smtp</c> and the
/// listeners, and the hold pools <c>/user/hold-N</c>. Stopping it stops accepting, then stops every session, then
/// releases every held client (421 to each client, one verdict each).
/// </summary>
internal sealed class SmtpEdge : IDisposable
{
    private readonly ActorSystem system;

    private readonly SmtpOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly int dnsInFlight;
    private SmtpListener? listener;
    private MxGateSink? mxGate;

    private SmtpEdge(ActorSystem system, SmtpOptions options, ConnectionGate gate, SmtpMetrics metrics, SessionRegistry registry, RecentVerdicts recent,
        IActorRef sessions, ILogger logger, TimeProvider time, int dnsMaxInFlight)
    {
        this.options = options;
        dnsInFlight = dnsMaxInFlight;
        this.logger = logger;
        this.time = time;
        this.system = system;
        Gate = gate;
        Metrics = metrics;
        Registry = registry;
        Recent = recent;
        Sessions = sessions;
    }

    public ConnectionGate Gate { get; }

    public SmtpMetrics Metrics { get; }

    public SessionRegistry Registry { get; }

    /// <summary>The latest verdicts (also the sink when the node has no reputation stage).</summary>
    public RecentVerdicts Recent { get; }

    public IActorRef Sessions { get; }

    /// <summary>The hold pools <c>/user/hold-N</c>, which own every held client.</summary>
    public IReadOnlyList<IActorRef> HoldPools { get; private init; } = [];

    /// <summary>The MX watch <c>/user/mx</c> (primary probes and the highest-mx gate); null when highest-mx is off.</summary>
    public IActorRef? MxWatch { get; private init; }

    /// <summary>The session line's writer (null when <c>actortrap.log.sessions.enabled</c> is off).</summary>
    internal SessionLog? Lines { get; init; }

    /// <summary>The listeners, once <see cref="Listen"/> ran.</summary>
    public SmtpListener Listener => listener ?? throw new InvalidOperationException("the SMTP listeners are not started");

    /// <summary>The listeners are bound and accepting (what <c>/readyz</c> reports for SMTP).</summary>
    public bool IsListening => listener is not null;

    /// <summary>Creates the caps and the sessions actor; <see cref="Listen"/> then opens the ports.</summary>
    /// <param name="tagged">Tagged trap addresses (issue 18); null when off.</param>
    /// <param name="harvests">Where the harvests they reveal go; null reports none.</param>
    public static SmtpEdge Create(NodeSettings settings, ActorSystem system, IActorRef resolver, ILocalBlacklist? blacklist, IVerdictSink? sink,
        ILoggerFactory loggerFactory, TimeProvider time, NodeMeters? meters = null, Traps.TaggedTraps? tagged = null, Traps.IHarvestSink? harvests = null)
    {
        var options = settings.Smtp;
        // Placeholder caps until Listen sizes them from the descriptors left by then.
        var gate = new ConnectionGate(1, options.MaxConnectionsPerIp, 1);
        var metrics = new SmtpMetrics(gate, meters);
        var registry = new SessionRegistry();
        var recent = new RecentVerdicts();
        IVerdictSink target = sink is null ? recent : new FanOutSink(recent, sink);
        var logger = loggerFactory.CreateLogger("ActorTrap.Smtp");
        if (options.HostnameFellBack)
        {
            Log.SmtpHostnameUnset(logger, Environment.MachineName, options.Hostname);
        }

        IActorRef? mxWatch = null;
        MxGateSink? mxGate = null;
        if (options.Mx.Enabled)
        {
            // Highest-mx verdicts wait for the next probe of the primary MX, before the recent list and the reputation stage.
            mxWatch = system.ActorOf(MxWatchActor.Props(options.Mx, options.SinWeights[SinKind.HighestMx], resolver, target, logger), "mx");
            target = mxGate = new MxGateSink(mxWatch, target);
        }

        var context = new SessionContext(options, settings.Node.Name, gate, metrics, resolver, blacklist, target, registry,
            new SessionReplies(options), logger)
        {
            Retries = new RetryMemory(options.Retry),
            Tagged = tagged,
            Harvests = harvests,
            HoldHarvesters = settings.Traps.Harvesters.Block,
            Lines = settings.Log.Sessions.Enabled ? new SessionLog(loggerFactory.CreateLogger(SessionLog.Category), settings.Log.Sessions, time) : null,
        };
        // A few pools hold every listed client (one per core: each pool's ticks run on one thread at a time).
        IActorRef[] pools = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(i => system.ActorOf(HoldPool.Props(context), "hold-" + i))];
        context = context with { HoldPools = pools };
        var sessions = system.ActorOf(SessionsActor.Props(context), "smtp");
        return new SmtpEdge(system, options, gate, metrics, registry, recent, sessions, context.Logger, time, settings.Dns.MaxInFlight)
        {
            MxWatch = mxWatch,
            mxGate = mxGate,
            HoldPools = pools,
            Lines = context.Lines,
        };
    }

    /// <summary>Binds every listen endpoint (all or none) and starts accepting.</summary>
    public void Listen()
    {
        var cap = FileLimit.ConnectionCap(options.MaxConnections, options.FileReserve + dnsInFlight, FileLimit.SoftLimit(), FileLimit.OpenNow());
        Gate.Resize(cap, FileLimit.HeldCap(options.MaxHeld, cap));
        listener = SmtpListener.Start(options, Gate, Sessions, Metrics, logger, time);
    }

    /// <summary>Closes the listening sockets; live sessions go on until <see cref="StopAsync"/>.</summary>
    public async Task StopAcceptingAsync()
    {
        if (listener is not null)
        {
            await listener.StopAcceptingAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting (if not yet), then every session; false when the sessions did not all stop within <paramref name="timeout"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        var clean = await Sessions.StopAndWaitAsync(timeout).ConfigureAwait(false);
        clean &= await StopHoldPoolsAsync(timeout).ConfigureAwait(false);
        clean = await StopMxWatchAsync(timeout).ConfigureAwait(false) && clean;
        Lines?.Dispose(); // the last sessions are logged: say how many lines the rate limit left out since the last summary
        return clean;
    }

    /// <summary>
    /// After the sessions, so every hand-off they sent is in a pool's mailbox: each pool sends 421 to its held clients
    /// and emits their verdicts (behind those hand-offs), then stops; a pool that does not answer in time is stopped
    /// anyway, and its PostStop does the same.
    /// </summary>
    private async Task<bool> StopHoldPoolsAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        var clean = true;
        foreach (var pool in HoldPools)
        {
            try
            {
                await pool.Ask<HoldReleased>(ReleaseHeld.Instance, timeout, bound.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
            {
                clean = false;
            }

            clean &= await pool.StopAndWaitAsync(timeout).ConfigureAwait(false);
        }

        return clean;
    }

    /// <summary>
    /// After the sessions, whose last verdicts are in its mailbox before the flush: every held verdict goes on without
    /// the unconfirmed sin, and what comes later passes the closed gate the same way.
    /// </summary>
    private async Task<bool> StopMxWatchAsync(TimeSpan timeout)
    {
        if (MxWatch is null)
        {
            return true;
        }

        // Bounded in real time too: on a test's manual clock the ask's own timeout would only fire if time moved.
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await MxWatch.Ask<Flushed>(FlushAndStop.Instance, timeout, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            // Stopped anyway below; its PostStop flushes what it still holds.
        }

        mxGate?.Close();
        return await MxWatch.StopAndWaitAsync(timeout).ConfigureAwait(false);
    }

    public void Dispose() => Metrics.Dispose();
}
