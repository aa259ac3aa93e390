namespace ActorTrap.Actors.TestKit;

/// <summary>
/// An actor system on a <see cref="ManualTimeProvider"/> plus helpers that drive virtual time deterministically.
/// Dispose it at the end of a test (it stops the system, bounded).
/// </summary>
public sealed class ActorTestKit : IAsyncDisposable, IDisposable
{
    private static long probes;

    /// <summary>Creates a system named <paramref name="name"/>; <paramref name="options"/> apply except the clock, which is <see cref="Clock"/>.</summary>
    public ActorTestKit(string? name = null, ActorSystemOptions? options = null, TimeSpan? defaultTimeout = null)
    {
        options ??= new ActorSystemOptions();
        Clock = options.TimeProvider as ManualTimeProvider ?? new ManualTimeProvider();
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(3);
        System = ActorSystem.Create(name ?? "test", new ActorSystemOptions
        {
            TimeProvider = Clock,
            LoggerFactory = options.LoggerFactory,
            Throughput = options.Throughput,
            DefaultAskTimeout = options.DefaultAskTimeout,
            GuardianStrategy = options.GuardianStrategy,
        });
    }

    public ManualTimeProvider Clock { get; }

    public ActorSystem System { get; }

    /// <summary>The real-time bound of every wait (default 3 s).</summary>
    public TimeSpan DefaultTimeout { get; }

    public TestProbe CreateProbe(string? name = null)
        => new(System, name ?? "probe-" + Interlocked.Increment(ref probes), AdvanceAsync, DefaultTimeout);

    public IActorRef ActorOf(Props props, string? name = null) => System.ActorOf(props, name);

    /// <summary>Waits (bounded) until every mailbox is empty and no actor runs.</summary>
    public async Task WhenIdleAsync()
    {
        try
        {
            await System.WhenIdleAsync().WaitAsync(DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TestKitException($"The actor system did not become idle within {DefaultTimeout.TotalMilliseconds:0}ms.");
        }
    }

    /// <summary>
    /// Advances the virtual clock by <paramref name="by"/> one due timer at a time, letting the system go idle after
    /// each, so a timer started by a timer's handler within the window also fires, in order.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        await WhenIdleAsync().ConfigureAwait(false);
        var target = Clock.GetUtcNow() + by;
        // Bounded: a periodic timer of interval i fires at most by/i times; this cap stops a zero-delay loop.
        for (var step = 0; step < 1_000_000; step++)
        {
            var next = Clock.NextDueTime;
            if (next is not { } due || due > target)
            {
                break;
            }

            Clock.SetUtcNow(due);
            await WhenIdleAsync().ConfigureAwait(false);
        }

        Clock.SetUtcNow(target);
        await WhenIdleAsync().ConfigureAwait(false);
    }

    public void Advance(TimeSpan by) => AdvanceAsync(by).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync() => await System.TerminateAsync(DefaultTimeout).ConfigureAwait(false);

    public void Dispose() => System.TerminateAsync(DefaultTimeout).GetAwaiter().GetResult();
}
