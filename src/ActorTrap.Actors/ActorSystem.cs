using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Actors;

/// <summary>
/// A tree of actors under the user guardian <c>/user</c>, dispatched on the .NET thread pool.
/// Create one per process (or per test) with <see cref="Create"/>; stop it with <see cref="TerminateAsync"/>.
/// </summary>
public sealed partial class ActorSystem : IAsyncDisposable
{
    private static volatile ActorSystem? latest;
    private readonly ActorCell guardian;
    private readonly TaskCompletionSource terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long autoNames;
    private long unhandled;
    private int terminating;

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        TimeProvider = options.TimeProvider;
        Throughput = options.Throughput;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ActorTrap.Actors");
        DeadLetters = new DeadLetterCounter(TimeProvider, Logger);
        Timers = new TimerScheduler(TimeProvider, options.TimerSlack);
        guardian = new ActorCell(this, null, "user", Props.Create(static () => new GuardianActor()));
        guardian.StartNow();
    }

    public string Name { get; }

    public TimeProvider TimeProvider { get; }

    public DeadLetterCounter DeadLetters { get; }

    /// <summary>Messages actors passed to Unhandled since the system started.</summary>
    public long UnhandledMessages => Interlocked.Read(ref unhandled);

    /// <summary>Completes when every actor, the guardian last, has stopped.</summary>
    public Task WhenTerminated => terminated.Task;

    internal ActorSystemOptions Options { get; }

    internal TimerScheduler Timers { get; }

    internal ILogger Logger { get; }

    internal int Throughput { get; }

    internal static ActorSystem? Latest => latest;

    /// <summary>Creates a system; throws <see cref="ArgumentException"/> listing every invalid option at once.</summary>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new ActorSystemOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid actor system options: " + string.Join(" ", errors), nameof(options));
        }

        var system = new ActorSystem(name, options);
        latest = system;
        return system;
    }

    /// <summary>Creates a top-level actor <c>/user/{name}</c>; see <see cref="IActorContext.ActorOf"/>. Thread-safe.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref terminating) != 0)
        {
            throw new InvalidOperationException($"Actor system {Name} is terminating; no new actors can be created.");
        }

        return guardian.CreateChild(props, name);
    }

    /// <summary>Stops any actor asynchronously (children first, then PostStop, then Terminated to watchers).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ActorCell.Resolve(actor)?.Stop();
    }

    /// <summary>The live actor at <paramref name="path"/> (e.g. <c>/user/listener/session-42</c>), or null.</summary>
    public IActorRef? Lookup(string path) => Find(path);

    /// <summary>
    /// A tree of the live actors from <paramref name="fromPath"/> (default <c>/user</c>) down to <paramref name="maxDepth"/>
    /// levels below it; null if there is no such actor. Safe from any thread while actors run; the numbers are a moment's view.
    /// </summary>
    public ActorSnapshot? Snapshot(string? fromPath = null, int maxDepth = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        return Find(fromPath ?? guardian.Path)?.Snapshot(maxDepth);
    }

    /// <summary>Stops every actor, children before parents, and waits at most <paramref name="timeout"/> of real time (a blocked PostStop cannot be hurried by a virtual clock). Returns whether everything stopped in time.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        Interlocked.Exchange(ref terminating, 1);
        guardian.Stop();
        try
        {
            await terminated.Task.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            Log.TerminateTimedOut(Logger, Name, timeout);
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await TerminateAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    public override string ToString() => Name;

    internal static ActorSystem? Of(IActorRef actor) => ActorCell.Resolve(actor)?.System ?? latest;

    internal long NextAutoName() => Interlocked.Increment(ref autoNames);

    internal void OnUnhandled() => Interlocked.Increment(ref unhandled);

    internal void OnGuardianTerminated()
    {
        Timers.Dispose();
        Log.SystemTerminated(Logger, Name);
        terminated.TrySetResult();
    }

    private ActorCell? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] != "user")
        {
            return null;
        }

        var cell = guardian;
        for (var i = 1; i < parts.Length && cell is not null; i++)
        {
            cell = cell.FindChild(parts[i]);
        }

        return cell;
    }
}
