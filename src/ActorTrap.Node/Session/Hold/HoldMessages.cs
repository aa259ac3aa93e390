namespace ActorTrap.Node.Session.Hold;

/// <summary>To a hold pool at shutdown: 421 to every held client and complete every verdict; answered with <see cref="HoldReleased"/>.</summary>
internal sealed record ReleaseHeld
{
    public static readonly ReleaseHeld Instance = new();
}

/// <param name="Count">Held clients released.</param>
internal sealed record HoldReleased(int Count);
