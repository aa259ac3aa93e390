using Akka.Actor;

namespace ActorTrap.Benchmarks.Actors;

/// <summary>Counts messages and signals once it has seen its quota.</summary>
internal sealed class CountingSink(CountdownEvent done, int quota) : UntypedActor
{
    private int count;

    protected override void OnReceive(object message)
    {
        if (++count == quota)
        {
            done.Signal();
        }
    }
}
