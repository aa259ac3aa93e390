using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Actors;

/// <summary>
/// Counts messages that could not be delivered (to a stopped actor, dropped by a full bounded mailbox, sent to
/// <see cref="ActorRef.Nobody"/>), in total and by message type, and logs them at most once per second
/// (on the system's clock) with the number suppressed since the previous line. Thread-safe.
/// </summary>
public sealed class DeadLetterCounter
{
    private static readonly long LogIntervalTicks = TimeSpan.TicksPerSecond;

    private readonly ConcurrentDictionary<Type, StrongBox<long>> byType = new();
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private long total;
    private long suppressed;
    private long lastLogTimestamp = long.MinValue;

    internal DeadLetterCounter(TimeProvider timeProvider, ILogger logger)
    {
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>All dead letters since the system started.</summary>
    public long Count => Interlocked.Read(ref total);

    public long CountOf<T>() => CountOf(typeof(T));

    public long CountOf(Type messageType)
        => byType.TryGetValue(messageType, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>A copy of the counts keyed by message type name.</summary>
    public IReadOnlyDictionary<string, long> CountsByType()
        => byType.ToDictionary(pair => pair.Key.Name, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);

    internal void Publish(object message, IActorRef? sender, IActorRef recipient, string reason)
    {
        var all = Interlocked.Increment(ref total);
        Interlocked.Increment(ref byType.GetOrAdd(message.GetType(), static _ => new StrongBox<long>()).Value);
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref lastLogTimestamp);
        var due = last == long.MinValue || timeProvider.GetElapsedTime(last, now).Ticks >= LogIntervalTicks;
        if (due && Interlocked.CompareExchange(ref lastLogTimestamp, now, last) == last)
        {
            var skipped = Interlocked.Exchange(ref suppressed, 0);
            Log.DeadLetter(logger, message.GetType().Name, recipient.Path, (sender ?? ActorRef.Nobody).Path, reason, skipped, all);
        }
        else
        {
            Interlocked.Increment(ref suppressed);
        }
    }
}
