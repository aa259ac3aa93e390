using Microsoft.Extensions.Logging;

namespace ActorTrap.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>; validated by <see cref="ActorSystem.Create"/>.</summary>
public sealed class ActorSystemOptions
{
    /// <summary>Clock for timers, ask timeouts, restart windows and dead-letter log throttling. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Null means no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Messages one actor handles per turn before yielding its thread-pool thread. Default 100 (Akka.NET uses 30; larger turns amortise scheduling for hot actors).</summary>
    public int Throughput { get; init; } = 100;

    /// <summary>Timeout of an Ask without an explicit one. Default 5 s (Akka.NET's default is infinite, which hides lost replies).</summary>
    public TimeSpan DefaultAskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late an actor timer may fire so that timers due close together fire in one batch (one thread wake-up for
    /// many actors). Default zero: exact, as tests on a manual clock expect. A node uses tens of milliseconds.
    /// </summary>
    public TimeSpan TimerSlack { get; init; } = TimeSpan.Zero;

    /// <summary>How the user guardian treats failing top-level actors. Default: <see cref="SupervisorStrategy.Default"/> (restart, 10 per minute).</summary>
    public SupervisorStrategy GuardianStrategy { get; init; } = SupervisorStrategy.Default;

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TimeProvider is null)
        {
            errors.Add("TimeProvider: must not be null; leave it unset for the system clock.");
        }

        if (Throughput < 1)
        {
            errors.Add($"Throughput: {Throughput} is not allowed; use 1 or more (default 100).");
        }

        if (DefaultAskTimeout <= TimeSpan.Zero && DefaultAskTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"DefaultAskTimeout: {DefaultAskTimeout} is not allowed; use a positive duration (default 5 s).");
        }

        if (TimerSlack < TimeSpan.Zero || TimerSlack > TimeSpan.FromSeconds(10))
        {
            errors.Add($"TimerSlack: {TimerSlack} is not allowed; use 0 to 10 s (default 0).");
        }

        if (GuardianStrategy is null)
        {
            errors.Add("GuardianStrategy: must not be null.");
        }

        return errors;
    }
}
