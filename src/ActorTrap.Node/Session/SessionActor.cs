using System.Net;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Logging;
using ActorTrap.Node.Resolver;

namespace ActorTrap.Node.Session;

/// <summary>
/// One SMTP connection, from accept to verdict. Each phase is a behaviour that takes its own state as parameters
/// (the way Akka's TcpConnection does): <see cref="ReadingProxyHeader"/> (behind a trusted proxy), then the DNSBL
/// lookup (run at once, in parallel with the greeting pause) in <see cref="LookingUp"/> (drop mode: nothing said yet)
/// or <see cref="Greeting"/> (observe mode: "220-" sent), then either a hand-off to a hold pool (listed: the pool
/// trickles, ends the hold with 421 and emits the verdict), <see cref="Talking"/> and <see cref="WaitingForQuit"/>
/// (observe: SMTP up to DATA, 451, wait for QUIT), or a drop; <see cref="AwaitingMx"/> after the end when the
/// verdict waits for MX answers.
/// Exactly one <see cref="Verdict"/> is emitted when it ends, whatever ends it (client, timer, limit, shutdown,
/// a crash). Every delay is one keyed timer on the actor's clock, so the whole policy runs on virtual time in tests.
/// It never accepts mail: no 354, no 250 to DATA, in any phase.
/// </summary>
internal sealed partial class SessionActor : UntypedActor, IWithTimers
{
    private readonly SessionContext ctx;
    private readonly IClientConnection connection;
    private readonly bool proxied;
    private IPAddress client;
    private DateTimeOffset started;
    private readonly TimeProvider clock;
    private string path = "";
    private Stage stage = Stage.Starting;
    private SessionVerdictBuilder verdict;
    private DnsblReport? dnsbl;
    private PtrReport? ptr;
    private bool permitted;
    private bool countedClient;
    private long bytesIn;
    private long bytesOut;
    private Shown? shown;

    public SessionActor(SessionContext ctx, IClientConnection connection, bool proxied, long id)
    {
        this.ctx = ctx;
        this.connection = connection;
        this.proxied = proxied;
        Id = id;
        client = SmtpListener.Normalize(connection.Remote.Address);
        clock = Context.Clock();
        verdict = new SessionVerdictBuilder(ctx.Options.SinWeights, permitted: false);
    }

    /// <summary>Set by Akka before the constructor runs; every delay of this actor is one of its keyed timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    public long Id { get; }

    private DateTimeOffset Now => clock.GetUtcNow();

    private SessionReplies Replies => ctx.Replies;

    protected override void PreStart()
    {
        started = Now;
        path = Self.Path.ToStringWithoutAddress();
        ctx.Metrics.SessionStarted();
        connection.Start(Self);
        if (proxied)
        {
            // The proxy sends its header at once; read it as it comes.
            Timers.StartSingleTimer(ProxyTimeout.Instance, ProxyTimeout.Instance, ctx.Options.ProxyProtocol.Timeout);
            Enter(Stage.ProxyHeader, ReadingProxyHeader(new ProxyHeaderRead()));
            connection.ResumeReading();
        }
        else
        {
            Begin();
        }

        Publish();
    }

    /// <summary>Not used: <see cref="PreStart"/> enters the first behaviour.</summary>
    protected override void OnReceive(object message) => Unhandled(message);

    /// <summary>A session stopped by shutdown or a crash still tells its client and still emits its verdict.</summary>
    protected override void PostStop()
    {
        if (!stage.Over)
        {
            Send(Replies.Shutdown); // a session never stops mid-line: trickling is the hold pool's
            End(stage.CutShort(ctx.Options.Mode), stopSelf: false);
        }
        else if (stage.VerdictDue is { } outcome)
        {
            stage = Stage.Ended;
            Emit(outcome, closedBefore: true); // stopped while its verdict waited for an MX answer
        }
    }

    /// <summary>Switches to the behaviour of a phase; <paramref name="next"/> names it for <c>ctl sessions</c>.</summary>
    private void Enter(Stage next, UntypedReceive receive)
    {
        stage = next;
        Become(receive);
    }

    /// <summary>Every behaviour ends in this: what any phase does with the client's departure and late answers.</summary>
    private void Common(object message)
    {
        switch (message)
        {
            case ClientGone:
                OnGone();
                break;
            case DnsblReport report when report.Client.Equals(client):
                dnsbl ??= report; // a late answer (the lookup timed out) still goes into the verdict
                break;
            case PtrReport report when report.Client.Equals(client):
                ptr = report;
                break;
            case MxReport report:
                OnMx(report);
                break;
            case DnsblReport or PtrReport:
                break; // an answer about the proxy's address from before the PROXY header was read
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>After the end: the stopping actor ignores what the client or the resolver still sends.</summary>
    private void Done(object message)
    {
        if (message is not (ClientData or Unread or ClientGone or DnsblReport or PtrReport or MxReport))
        {
            Unhandled(message);
        }
    }

    /// <summary>Takes what the client sent since the last look, without waiting (the lookup and greeting phases).</summary>
    private void PollClient(LineHandler onLine)
    {
        var data = connection.Poll(out var gone);
        if (data is not null)
        {
            OnData(data, onLine);
        }

        if (gone is not null && !stage.Over)
        {
            OnGone();
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
        if (stage.Over)
        {
            return;
        }

        var now = new Shown(stage.Name, bytesIn, verdict.Sins.Count, dialogue?.Helo);
        if (now == shown)
        {
            return;
        }

        shown = now;
        ctx.Registry.Publish(new SessionInfo(Id, path, client, now.State, started, null,
            0, // a held client is listed (and its trickle counted) by its hold pool
            bytesIn, verdict.SinNames, HeloForLog()));
    }

    private string? HeloForLog() => dialogue?.Helo is { } helo ? LogText.Escape(helo, 60) : null;

    /// <summary>What the last published snapshot showed (sins by count: a session only ever adds them).</summary>
    private readonly record struct Shown(string State, long BytesIn, int Sins, string? Helo);
}
