using ActorTrap.Actors;

namespace ActorTrap.Node.Session;

/// <summary>
/// <c>/user/smtp</c>: the parent of every session actor (<c>/user/smtp/session-N</c>). A session that throws is
/// stopped, never restarted: its PostStop closes the connection and still emits the verdict. Stopping this actor
/// stops every session, which sends 421 to each client first.
/// </summary>
internal sealed class SessionsActor(SessionContext context) : Actor
{
    private long next;

    public static Props Props(SessionContext context) =>
        Actors.Props.Create(() => new SessionsActor(context)).WithSupervisorStrategy(SupervisorStrategy.Stopping);

    protected override void OnReceive(object message)
    {
        if (message is StartSession start)
        {
            var id = ++next;
            Context.ActorOf(Actors.Props.Create(() => new SessionActor(context, start.Connection, start.Proxied, id)), "session-" + id);
        }
        else
        {
            Unhandled(message);
        }
    }
}
