using ActorTrap.Actors;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Session;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Hosting;

/// <summary>
/// The SMTP side of a node: the caps (sized from the open-file limit), the sessions actor <c>/user/smtp</c> and the
/// listeners. Stopping it stops accepting, then stops every session (421 to each client, one verdict each).
/// </summary>
internal sealed class SmtpEdge : IDisposable
{
    private readonly ActorSystem system;

    private readonly SmtpOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly int dnsInFlight;
    private SmtpListener? listener;

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

    /// <summary>The listeners, once <see cref="Listen"/> ran.</summary>
    public SmtpListener Listener => listener ?? throw new InvalidOperationException("the SMTP listeners are not started");

    /// <summary>The listeners are bound and accepting (what <c>/readyz</c> reports for SMTP).</summary>
    public bool IsListening => listener is not null;

    /// <summary>Creates the caps and the sessions actor; <see cref="Listen"/> then opens the ports.</summary>
    public static SmtpEdge Create(NodeSettings settings, ActorSystem system, IActorRef resolver, ILocalBlacklist? blacklist, IVerdictSink? sink,
        ILoggerFactory loggerFactory, TimeProvider time)
    {
        var options = settings.Smtp;
        // Placeholder caps until Listen sizes them from the descriptors left by then.
        var gate = new ConnectionGate(1, options.MaxConnectionsPerIp, 1);
        var metrics = new SmtpMetrics(gate);
        var registry = new SessionRegistry();
        var recent = new RecentVerdicts();
        IVerdictSink target = sink is null ? recent : new FanOutSink(recent, sink);
        var context = new SessionContext(options, settings.Node.Name, gate, metrics, resolver, blacklist, target, registry,
            new SessionReplies(options), loggerFactory.CreateLogger("ActorTrap.Smtp"))
        {
            Retries = new RetryMemory(options.Retry),
        };
        var sessions = system.ActorOf(SessionsActor.Props(context), "smtp");
        return new SmtpEdge(system, options, gate, metrics, registry, recent, sessions, context.Logger, time, settings.Dns.MaxInFlight);
    }

    /// <summary>Binds every listen endpoint (all or none) and starts accepting.</summary>
    public void Listen()
    {
        var cap = FileLimit.ConnectionCap(options.MaxConnections, options.FileReserve + dnsInFlight, FileLimit.SoftLimit(), FileLimit.OpenNow());
        Gate.Resize(cap, FileLimit.HeldCap(options.MaxHeld, cap));
        listener = SmtpListener.Start(options, Gate, Sessions, Metrics, logger, time);
    }

    /// <summary>Stops accepting, then every session; false when the sessions did not all stop within <paramref name="timeout"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (listener is not null)
        {
            await listener.StopAcceptingAsync().ConfigureAwait(false);
        }

        return await system.GracefulStopAsync(Sessions, timeout).ConfigureAwait(false);
    }

    public void Dispose() => Metrics.Dispose();
}
