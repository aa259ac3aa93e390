namespace ActorTrap.Actors;

/// <summary>An ordinary queued message that stops the actor when it reaches it (messages before it are handled first).</summary>
public sealed class PoisonPill : AutoReceivedMessage
{
    private PoisonPill()
    {
    }

    public static PoisonPill Instance { get; } = new();
}
