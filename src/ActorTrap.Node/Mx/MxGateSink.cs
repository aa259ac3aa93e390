using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Mx;

/// <summary>
/// Between the sessions and the verdict sink: a verdict with a highest-mx candidate goes to the watch actor to wait
/// for the next probe; every other verdict goes straight on. After <see cref="Close"/> (shutdown, the watch flushed)
/// a candidate goes straight on without the unconfirmed sin, so nothing is lost to a stopped actor.
/// </summary>
internal sealed class MxGateSink(IActorRef watch, IVerdictSink next) : IVerdictSink
{
    private volatile bool closed;

    public void Submit(Verdict verdict)
    {
        if (!HighestMxVerdicts.TryCandidate(verdict, out _))
        {
            next.Submit(verdict);
        }
        else if (closed)
        {
            next.Submit(HighestMxVerdicts.Without(verdict));
        }
        else
        {
            watch.Tell(new HoldVerdict(verdict), ActorRefs.Nobody);
        }
    }

    public void Close() => closed = true;
}
