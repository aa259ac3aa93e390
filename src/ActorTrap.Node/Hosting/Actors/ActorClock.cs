using Akka.Actor;

namespace ActorTrap.Node.Hosting.Actors;

/// <summary>
/// The node's one clock, taken from its actor system's scheduler: the system clock under Akka's real scheduler, and
/// the scheduler's virtual time under Akka.TestKit's <c>TestScheduler</c>, so that advancing the scheduler in a spec
/// moves actor timers, store timeouts, the spool, decay and caches together.
/// </summary>
public static class ActorClock
{
    /// <summary>The clock of <paramref name="system"/> (one instance per system).</summary>
    public static TimeProvider Clock(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<ClockExtension, ClockExtensionId>().Time;
    }

    /// <summary>The clock of the actor's system; read it once in the constructor and keep it.</summary>
    public static TimeProvider Clock(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.System.Clock();
    }

    internal sealed class ClockExtension(TimeProvider time) : IExtension
    {
        public TimeProvider Time { get; } = time;
    }

    internal sealed class ClockExtensionId : ExtensionIdProvider<ClockExtension>
    {
        // Akka's own scheduler derives from SchedulerBase and runs on the system clock; anything else (the TestKit's
        // TestScheduler) keeps its own time, which the clock then follows.
        public override ClockExtension CreateExtension(ExtendedActorSystem system) =>
            new(system.Scheduler is SchedulerBase ? TimeProvider.System : new SchedulerTimeProvider(system.Scheduler));
    }
}
