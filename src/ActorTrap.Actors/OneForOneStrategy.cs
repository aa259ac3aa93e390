namespace ActorTrap.Actors;

/// <summary>
/// Applies the decider's directive to the failed child only. A child restarted more than <c>maxRetries</c> times within
/// <c>within</c> is stopped instead. <c>maxRetries</c> -1 means no limit; <c>within</c> infinite means the count never resets.
/// </summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    private readonly Func<Exception, Directive> decider;

    public OneForOneStrategy(int maxRetries, TimeSpan within, Func<Exception, Directive> decider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, -1);
        if (within <= TimeSpan.Zero && within != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(within), within, "The window must be positive or infinite.");
        }

        ArgumentNullException.ThrowIfNull(decider);
        MaxRetries = maxRetries;
        Within = within;
        this.decider = decider;
    }

    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, Timeout.InfiniteTimeSpan, decider)
    {
    }

    public int MaxRetries { get; }

    public TimeSpan Within { get; }

    public override Directive Decide(Exception exception) => decider(exception);

    internal override bool TryRecordRestart(RestartStatistics statistics, DateTimeOffset now)
    {
        if (MaxRetries < 0)
        {
            return true;
        }

        if (Within != Timeout.InfiniteTimeSpan && (statistics.WindowStart is not { } start || now - start > Within))
        {
            statistics.WindowStart = now;
            statistics.Count = 0;
        }

        statistics.WindowStart ??= now;
        statistics.Count++;
        return statistics.Count <= MaxRetries;
    }
}
