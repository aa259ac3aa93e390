using Akka.Actor;
using Akka.Event;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// Counts the system's dead letters (messages to stopped actors) and unhandled messages from its event stream, for
/// the <c>actortrap.actors.*</c> counters. The subscriber is a system actor, so it outlives the user's actors.
/// </summary>
internal sealed class ActorEvents
{
    private long deadLetters;
    private long unhandled;

    private ActorEvents()
    {
    }

    public long DeadLetters => Interlocked.Read(ref deadLetters);

    public long Unhandled => Interlocked.Read(ref unhandled);

    public static ActorEvents Watch(ActorSystem system)
    {
        var events = new ActorEvents();
        var listener = ((ExtendedActorSystem)system).SystemActorOf(ActorProps.Of(() => new Listener(events)), "actortrap-event-counter");
        system.EventStream.Subscribe(listener, typeof(AllDeadLetters));
        system.EventStream.Subscribe(listener, typeof(UnhandledMessage));
        return events;
    }

    private sealed class Listener(ActorEvents events) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case DeadLetter or Dropped:
                    Interlocked.Increment(ref events.deadLetters);
                    break;
                case UnhandledMessage:
                    Interlocked.Increment(ref events.unhandled);
                    break;
            }
        }
    }
}
