namespace ActorTrap.Actors;

/// <summary>Messages the kernel handles itself when dequeued (one type test on the hot path covers them all).</summary>
public abstract class AutoReceivedMessage
{
    private protected AutoReceivedMessage()
    {
    }
}
