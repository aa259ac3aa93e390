namespace ActorTrap.Actors;

/// <summary>Decides what happens to a child that threw.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Restart on any exception, except <see cref="ActorInitializationException"/> and <see cref="DeathPactException"/> which stop; at most 10 restarts per child per minute.</summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(10, TimeSpan.FromMinutes(1), DefaultDecider);

    /// <summary>Stops the child on any exception.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(0, Timeout.InfiniteTimeSpan, static _ => Directive.Stop);

    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for <paramref name="exception"/>.</summary>
    public abstract Directive Decide(Exception exception);

    /// <summary>Records one more restart of a child at <paramref name="now"/> and says whether it is within the budget.</summary>
    internal abstract bool TryRecordRestart(RestartStatistics statistics, DateTimeOffset now);
}
