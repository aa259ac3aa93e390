using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Logging;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Session;

/// <summary>
/// One SMTP connection, from accept to verdict. Behaviours by <see cref="Phase"/>: an optional PROXY header, then
/// the DNSBL lookup (run at once, in parallel with the greeting pause), then either Holding (listed: the connection
/// is handed to a hold pool, which trickles, ends the hold with 421 and emits the verdict), Talking (observe: SMTP up to DATA, 451, wait for QUIT) or a drop.
/// Exactly one <see cref="Verdict"/> is emitted when it ends, whatever ends it (client, timer, limit, shutdown,
/// a crash). Every delay is one keyed timer on the actor's clock, so the whole policy runs on virtual time in tests.
/// It never accepts mail: no 354, no 250 to DATA, in any phase.
/// </summary>
internal sealed partial class SessionActor : UntypedActor, IWithTimers
{
    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly SessionContext ctx;
    private readonly IClientConnection connection;
    private readonly bool proxied;
    private IPAddress client;
    private Phase phase;
    private DateTimeOffset started;
    private DnsblReport? dnsbl;
    private Listing? ownListing;
    private bool lookupDone;
    private PtrReport? ptr;
    private bool countedClient;
    private bool holding;
    private DateTimeOffset? heldSince;
    private long bytesIn;
    private long bytesOut;
    private bool ended;
    private bool lookupTimedOut;
    private bool greetPauseOver;
    private bool evented;
    private bool permitted;
    private string path = "";
    private Shown? shown;

    public SessionActor(SessionContext ctx, IClientConnection connection, bool proxied, long id)
    {
        this.ctx = ctx;
        this.connection = connection;
        this.proxied = proxied;
        Id = id;
        client = SmtpListener.Normalize(connection.Remote.Address);
        verdict = new SessionVerdictBuilder(ctx.Options.SinWeights, permitted: false);
    }

    private enum Phase : byte
    {
        ProxyHeader,
        Lookup,
        Greeting,
        Talking,
        QuitWait,
        Holding,
        Ended,
    }

    public long Id { get; }

    private DateTimeOffset Now => Context.Clock().GetUtcNow();

    private bool Listed => ownListing is not null || dnsbl?.Listed == true;

    protected override void PreStart()
    {
        started = Now;
        path = Self.Path.ToStringWithoutAddress();
        ctx.Metrics.SessionStarted();
        connection.Start(Self);
        if (proxied)
        {
            // The proxy sends its header at once; read it as it comes.
            phase = Phase.ProxyHeader;
            SetDeadline(DeadlineKind.Proxy, started + ctx.Options.ProxyProtocol.Timeout);
            ReadEvented();
        }
        else
        {
            Begin();
        }

        Arm();
        Publish();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientData data:
                OnData(data.Bytes);
                break;
            case ClientGone gone:
                OnGone(gone.Reason);
                break;
            case Wake:
                OnWake();
                break;
            case DnsblReport report when report.Client.Equals(client):
                OnDnsbl(report);
                break;
            case PtrReport report when report.Client.Equals(client):
                ptr = report;
                break;
            case MxReport report:
                OnMx(report);
                break;
            case MxWaitOver:
                EmitAfterMx();
                break;
            case DnsblReport or PtrReport:
                break; // an answer about the proxy's address from before the PROXY header was read
            default:
                Unhandled(message);
                break;
        }

        Arm();
        Publish();
    }

    /// <summary>A session stopped by shutdown or a crash still tells its client and still emits its verdict.</summary>
    protected override void PostStop()
    {
        if (!ended)
        {
            Send(Replies.Shutdown); // a session never stops mid-line: trickling is the hold pool's
            End(OutcomeNow(), stopSelf: false);
        }
        else
        {
            EmitAfterMx(stopSelf: false); // stopped while its verdict waited for an MX answer
        }
    }

    /// <summary>Starts the policy once the client's address is known (at accept, or after the PROXY header).</summary>
    private void Begin()
    {
        var now = Now;
        permitted = Reputation.Networks.Contains(ctx.Options.Permit, client);
        verdict = new SessionVerdictBuilder(ctx.Options.SinWeights, permitted);
        if (permitted)
        {
            // Our own networks are never judged (postscreen's permit_mynetworks): talked to at once, never looked up or held.
            lookupDone = true;
            phase = Phase.Greeting;
            SendGreetingStart();
            greetPauseOver = true;
            Decide();
            return;
        }

        if (ctx.Blacklist?.TryGet(client, out var listing) == true && listing is not null)
        {
            ownListing = listing;
            lookupDone = true;
        }
        else
        {
            ctx.Resolver.Tell(new CheckClient(client), Self);
            SetDeadline(DeadlineKind.Lookup, now + ctx.Options.LookupWait);
        }

        if (ctx.Options.Mode == SessionMode.Observe)
        {
            phase = Phase.Greeting;
            SendGreetingStart();
            greetPauseOver = ctx.Options.GreetPause <= TimeSpan.Zero;
            if (!greetPauseOver)
            {
                SetDeadline(DeadlineKind.GreetEnd, now + ctx.Options.GreetPause);
            }

        }
        else
        {
            phase = Phase.Lookup;
        }

        Decide();
    }

    private void OnDnsbl(DnsblReport report)
    {
        if (lookupDone)
        {
            return;
        }

        dnsbl = report;
        lookupDone = true;
        ClearDeadline(DeadlineKind.Lookup);
        Decide();
    }

    /// <summary>Moves on once enough is known: hold a listed client, drop or greet an unlisted one.</summary>
    private void Decide()
    {
        var lookupOver = lookupDone || lookupTimedOut;
        switch (phase)
        {
            case Phase.Lookup when Listed:
            case Phase.Greeting when Listed:
                StartHold();
                break;
            case Phase.Lookup when lookupOver:
                Drop();
                break;
            case Phase.Greeting when lookupOver && greetPauseOver:
                FinishGreeting();
                break;
        }
    }

    private void Drop()
    {
        PollClient(); // a client that talked before we said anything has pregreeted
        if (ended)
        {
            return;
        }

        if (ctx.Options.DropReply)
        {
            Send(Replies.DropReply);
        }

        End(SessionOutcome.Dropped);
    }

    private SessionOutcome OutcomeNow() => holding ? SessionOutcome.Held
        : ctx.Options.Mode == SessionMode.Drop && phase <= Phase.Lookup ? SessionOutcome.Dropped
        : SessionOutcome.Observed;

    /// <summary>From now on the client's bytes arrive as messages as soon as they come (talking to an unlisted client).</summary>
    private void ReadEvented()
    {
        if (!evented && !ended)
        {
            evented = true;
            connection.ResumeReading();
        }
    }

    /// <summary>Takes what the client sent since the last look, without waiting (the held, lookup and greeting phases).</summary>
    private void PollClient()
    {
        if (ended || evented)
        {
            return;
        }

        var data = connection.Poll(out var gone);
        if (data is not null)
        {
            OnData(data);
        }

        if (gone is not null && !ended)
        {
            OnGone(gone);
        }
    }

    /// <summary>Writes to the client; a client that stopped reading is only a problem outside the hold.</summary>
    private SendResult Send(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return SendResult.Sent;
        }

        var result = connection.Send(bytes);
        if (result == SendResult.Sent)
        {
            bytesOut += bytes.Length;
        }

        return result;
    }

    /// <summary>
    /// Publishes what <c>ctl sessions</c> shows of this session when it changed since the last time (after each
    /// message): the registry keeps the immutable snapshot, so no other thread ever reads this actor's fields.
    /// Nothing is published once the session ended: its entry is gone, or a hold pool lists the client now.
    /// </summary>
    private void Publish()
    {
        if (ended)
        {
            return;
        }

        var now = new Shown(phase.ToString().ToLowerInvariant(), heldSince, bytesIn, verdict.Sins.Count, dialogue?.Helo);
        if (now == shown)
        {
            return;
        }

        shown = now;
        ctx.Registry.Publish(new SessionInfo(Id, path, client, now.State, started, heldSince,
            0, // a held client's trickle is counted by its hold pool
            bytesIn, verdict.SinNames, HeloForLog()));
    }

    private sealed class Wake
    {
        public static readonly Wake Instance = new();
    }

    /// <summary>What the last published snapshot showed (sins by count: a session only ever adds them).</summary>
    private readonly record struct Shown(string State, DateTimeOffset? HeldSince, long BytesIn, int Sins, string? Helo);
}
