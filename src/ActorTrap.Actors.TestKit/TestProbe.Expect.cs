namespace ActorTrap.Actors.TestKit;

/// <summary>Synchronous expectations (they block the calling thread, never a thread-pool worker's turn).</summary>
public sealed partial class TestProbe
{
    /// <summary>Takes the next message; it must be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? max = null, Func<T, bool>? predicate = null)
    {
        var limit = max ?? DefaultTimeout;
        var what = $"ExpectMsg<{typeof(T).Name}>";
        return queue.TryTake(limit, out var received) ? Check(received, predicate, what) : throw Timeout(what, limit);
    }

    /// <summary>Takes the next message and checks it equals <paramref name="expected"/>.</summary>
    public T ExpectMsgEqual<T>(T expected, TimeSpan? max = null)
        => ExpectMsg<T>(max, actual => EqualityComparer<T>.Default.Equals(actual, expected));

    /// <summary>
    /// Fails if a message arrives within <paramref name="within"/>. With a test kit's virtual clock the window is virtual:
    /// the clock is advanced by <paramref name="within"/> and the system allowed to go idle; otherwise it waits real time.
    /// </summary>
    public void ExpectNoMsg(TimeSpan within)
    {
        if (advanceVirtualTime is not null)
        {
            advanceVirtualTime(within).GetAwaiter().GetResult();
            FailIfAny($"ExpectNoMsg({Format(within)} virtual)");
            return;
        }

        if (queue.TryTake(within, out var received))
        {
            throw new TestKitException($"ExpectNoMsg({Format(within)}) at {Path} failed: got {Describe(received)}.");
        }
    }

    /// <summary>Waits until the system is idle, then fails if a message has arrived.</summary>
    public void ExpectNoMsg()
    {
        WaitIdle();
        FailIfAny("ExpectNoMsg");
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T FishForMessage<T>(Func<T, bool> predicate, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var limit = max ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var skipped = new List<Received>();
        while (queue.TryTake(Remaining(deadline), out var received))
        {
            if (received.Message is T typed && predicate(typed))
            {
                LastSender = received.Sender;
                return typed;
            }

            skipped.Add(received);
        }

        throw Timeout($"FishForMessage<{typeof(T).Name}>", limit, skipped);
    }

    /// <summary>Takes exactly <paramref name="count"/> messages within <paramref name="max"/> in all.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var limit = max ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var got = new List<Received>(count);
        while (got.Count < count)
        {
            if (!queue.TryTake(Remaining(deadline), out var received))
            {
                throw Timeout($"ReceiveN({count})", limit, got);
            }

            got.Add(received);
            LastSender = received.Sender;
        }

        return got.ConvertAll(static r => r.Message);
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/>, which the probe must <see cref="Watch"/>.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var limit = max ?? DefaultTimeout;
        var what = $"ExpectTerminated({target.Path})";
        if (!queue.TryTake(limit, out var received))
        {
            throw Timeout(what, limit);
        }

        LastSender = received.Sender;
        return MatchTerminated(received.Message, target) ?? throw new TestKitException($"{what} at {Path} failed: got {Describe(received)} instead.");
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void WaitIdle()
    {
        if (!system.WhenIdleAsync().Wait(DefaultTimeout))
        {
            throw new TestKitException($"The actor system did not become idle within {Format(DefaultTimeout)}.");
        }
    }
}
