namespace ActorTrap.Actors;

/// <summary>Per-child restart count within the strategy's window; owned by the parent's turn.</summary>
internal sealed class RestartStatistics
{
    public int Count { get; set; }

    public DateTimeOffset? WindowStart { get; set; }
}
