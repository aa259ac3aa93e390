namespace ActorTrap.Actors;

/// <summary>A node of the unbounded mailbox's lock-free MPSC linked queue (Vyukov's design): 40 bytes per queued message, nothing while idle but the stub.</summary>
internal sealed class MessageNode
{
    public MessageNode(object? message, IActorRef? sender)
    {
        Message = message;
        Sender = sender;
    }

    public object? Message;
    public IActorRef? Sender;
    public MessageNode? Next;
}
