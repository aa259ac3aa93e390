namespace ActorTrap.Actors.TestKit;

/// <summary>A message a probe received, with its sender.</summary>
public readonly record struct Received(object Message, IActorRef Sender)
{
    public override string ToString() => $"{Message.GetType().Name} {Message} from {Sender.Path}";
}
