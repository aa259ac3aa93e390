namespace ActorTrap.Actors.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: records everything, and carries out watch commands in its own context.</summary>
internal sealed class ProbeActor(ProbeQueue queue) : Actor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ProbeWatch watch:
                Context.Watch(watch.Target);
                break;
            case ProbeUnwatch unwatch:
                Context.Unwatch(unwatch.Target);
                break;
            default:
                queue.Add(new Received(message, Sender));
                break;
        }
    }
}

internal sealed record ProbeWatch(IActorRef Target);

internal sealed record ProbeUnwatch(IActorRef Target);
