using Akka.Actor;

namespace ActorTrap.Node.Session;

/// <summary>
/// Holding: a listed client costs no actor. The session takes a held slot (a full tarpit sheds with 421 instead),
/// makes sure the greeting has begun, hands the connection and what the verdict needs to a hold pool, and stops; the
/// pool trickles, ends the hold with 421 and emits the verdict (see <see cref="Hold.HoldPool"/>).
/// </summary>
internal sealed partial class SessionActor
{
    /// <param name="greeted">"220-" was sent already (observe mode).</param>
    private void StartHold(bool greeted)
    {
        if (!ctx.Gate.TryHold())
        {
            // A full tarpit sheds new listed clients rather than stop serving.
            Send(Replies.Busy);
            End(SessionOutcome.Shed);
            return;
        }

        if (!greeted)
        {
            Send(Replies.Server.GreetingFirstLine.Span);
        }

        // The DNSBL sin is left to the pool, which builds it from the report when the hold ends: a held client then
        // usually carries no sin list of its own. The connection forgets this actor, so the stopped cell can go.
        connection.Start(ActorRefs.Nobody);
        var pool = ctx.HoldPools[(int)(Id % ctx.HoldPools.Count)];
        pool.Tell(new HoldClient(Id, connection, client, started, Now, countedClient, dnsbl, [.. verdict.Sins], bytesIn, bytesOut), Self);

        // From here the pool owns the client: its close, its caps, its verdict and its line in the registry.
        Enter(Stage.Ended, Done);
        Timers.CancelAll();
        Context.Stop(Self);
    }
}
