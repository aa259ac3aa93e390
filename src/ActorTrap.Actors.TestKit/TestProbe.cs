namespace ActorTrap.Actors.TestKit;

/// <summary>
/// An actor ref that records what it receives, with the sender, for assertions. Every wait is bounded in real time
/// (default 3 s); a failure throws <see cref="TestKitException"/> saying what arrived instead.
/// </summary>
public sealed partial class TestProbe : IActorRef, IUnwrapActorRef
{
    private readonly ProbeQueue queue = new();
    private readonly ActorSystem system;
    private readonly Func<TimeSpan, Task>? advanceVirtualTime;

    /// <summary>A probe on real time: <see cref="ExpectNoMsg(TimeSpan)"/> waits real time.</summary>
    public TestProbe(ActorSystem system, string? name = null)
        : this(system, name, null, TimeSpan.FromSeconds(3))
    {
    }

    internal TestProbe(ActorSystem system, string? name, Func<TimeSpan, Task>? advanceVirtualTime, TimeSpan defaultTimeout)
    {
        ArgumentNullException.ThrowIfNull(system);
        this.system = system;
        this.advanceVirtualTime = advanceVirtualTime;
        DefaultTimeout = defaultTimeout;
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(queue)), name);
    }

    /// <summary>The probe's own actor; this is what arrives as Sender when the probe sends.</summary>
    public IActorRef Ref { get; }

    public string Path => Ref.Path;

    /// <summary>The sender of the last message taken by an expectation.</summary>
    public IActorRef LastSender { get; private set; } = ActorRef.Nobody;

    /// <summary>Messages received but not yet taken by an expectation.</summary>
    public int Pending => queue.Count;

    public TimeSpan DefaultTimeout { get; }

    IActorRef IUnwrapActorRef.Underlying => Ref;

    public void Tell(object message, IActorRef? sender = null) => Ref.Tell(message, sender);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to <see cref="LastSender"/> with the probe as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Watches <paramref name="target"/> from the probe; its <see cref="Terminated"/> then arrives as a message.</summary>
    public void Watch(IActorRef target) => Ref.Tell(new ProbeWatch(target), ActorRef.Nobody);

    public void Unwatch(IActorRef target) => Ref.Tell(new ProbeUnwatch(target), ActorRef.Nobody);

    public override string ToString() => Path;

    private static string Describe(Received received) => received.ToString();

    private static string Format(TimeSpan duration) => $"{duration.TotalMilliseconds:0}ms";

    private T Check<T>(Received received, Func<T, bool>? predicate, string what)
    {
        if (received.Message is T typed)
        {
            if (predicate is null || predicate(typed))
            {
                LastSender = received.Sender;
                return typed;
            }

            throw new TestKitException($"{what} at {Path} failed: got {Describe(received)}, which the predicate rejected.");
        }

        throw new TestKitException($"{what} at {Path} failed: got {Describe(received)} instead.");
    }

    private TestKitException Timeout(string what, TimeSpan max, IReadOnlyCollection<Received>? skipped = null)
        => new($"{what} at {Path} timed out after {Format(max)}: "
            + (skipped is { Count: > 0 } ? $"got only {string.Join("; ", skipped.Select(Describe))}." : "no message arrived."));

    private Terminated? MatchTerminated(object message, IActorRef target)
    {
        var expected = (IActorRef?)ActorCellOf(target) ?? target;
        return message is Terminated terminated && Equals(terminated.Actor, expected) ? terminated : null;
    }

    private static IActorRef? ActorCellOf(IActorRef actor) => actor is IUnwrapActorRef wrapper ? ActorCellOf(wrapper.Underlying) : actor;

    private void FailIfAny(string what)
    {
        if (queue.TryPeek(out var received))
        {
            throw new TestKitException($"{what} at {Path} failed: got {Describe(received)}.");
        }
    }
}
