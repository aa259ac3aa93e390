namespace ActorTrap.Actors.TestKit;

/// <summary>Asynchronous expectations, for async tests.</summary>
public sealed partial class TestProbe
{
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? max = null, Func<T, bool>? predicate = null)
    {
        var limit = max ?? DefaultTimeout;
        var what = $"ExpectMsgAsync<{typeof(T).Name}>";
        var received = await queue.TakeAsync(limit).ConfigureAwait(false);
        return received is { } r ? Check(r, predicate, what) : throw Timeout(what, limit);
    }

    /// <summary>See <see cref="ExpectNoMsg(TimeSpan)"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan within)
    {
        if (advanceVirtualTime is not null)
        {
            await advanceVirtualTime(within).ConfigureAwait(false);
            FailIfAny($"ExpectNoMsgAsync({Format(within)} virtual)");
            return;
        }

        if (await queue.TakeAsync(within).ConfigureAwait(false) is { } received)
        {
            throw new TestKitException($"ExpectNoMsgAsync({Format(within)}) at {Path} failed: got {Describe(received)}.");
        }
    }

    public async Task ExpectNoMsgAsync()
    {
        try
        {
            await system.WhenIdleAsync().WaitAsync(DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TestKitException($"The actor system did not become idle within {Format(DefaultTimeout)}.");
        }

        FailIfAny("ExpectNoMsgAsync");
    }

    public async Task<T> FishForMessageAsync<T>(Func<T, bool> predicate, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var limit = max ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var skipped = new List<Received>();
        while (await queue.TakeAsync(Remaining(deadline)).ConfigureAwait(false) is { } received)
        {
            if (received.Message is T typed && predicate(typed))
            {
                LastSender = received.Sender;
                return typed;
            }

            skipped.Add(received);
        }

        throw Timeout($"FishForMessageAsync<{typeof(T).Name}>", limit, skipped);
    }

    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? max = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var limit = max ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var got = new List<Received>(count);
        while (got.Count < count)
        {
            var received = await queue.TakeAsync(Remaining(deadline)).ConfigureAwait(false)
                ?? throw Timeout($"ReceiveNAsync({count})", limit, got);
            got.Add(received);
            LastSender = received.Sender;
        }

        return got.ConvertAll(static r => r.Message);
    }

    public async Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? max = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var limit = max ?? DefaultTimeout;
        var what = $"ExpectTerminatedAsync({target.Path})";
        var received = await queue.TakeAsync(limit).ConfigureAwait(false) ?? throw Timeout(what, limit);
        LastSender = received.Sender;
        return MatchTerminated(received.Message, target) ?? throw new TestKitException($"{what} at {Path} failed: got {Describe(received)} instead.");
    }
}
