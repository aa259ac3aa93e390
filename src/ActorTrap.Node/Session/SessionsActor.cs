using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;

namespace ActorTrap.Node.Session;

/// <summary>
/// <c>/user/smtp</c>: the parent of every session actor (<c>/user/smtp/session-N</c>). A session that throws is
/// stopped, never restarted: its PostStop closes the connection and still emits the verdict. Stopping this actor
/// stops every session, which sends 421 to each client first.
/// </summary>
internal sealed class SessionsActor(SessionContext context) : UntypedActor
{
    private SessionContext context = context;

    private long next;

    public static Props Props(SessionContext context) => ActorProps.Of(() => new SessionsActor(context));

    /// <summary>A failed session is stopped (its PostStop still closes the connection and emits the verdict), never restarted.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void OnReceive(object message)
    {
        if (message is StartSession start)
        {
            var id = ++next;
            Context.ActorOf(ActorProps.Of(() => new SessionActor(context, start.Connection, start.Proxied, id)), "session-" + id);
        }
        else if (message is UseSmtpPolicy policy)
        {
            // Sessions already running (and clients already held) keep the policy they started with.
            context = context with { Options = policy.ApplyTo(context.Options) };
        }
        else
        {
            Unhandled(message);
        }
    }
}
