namespace ActorTrap.Actors;

/// <summary>
/// One actor: its ref, its context, its mailbox and its timers in a single object, so an idle actor costs one cell,
/// one queue stub node and the user's instance. Everything except Tell/SendSystem and the snapshot readers runs on
/// the actor's own turn, one turn at a time.
/// </summary>
internal sealed partial class ActorCell : IActorRef, IActorContext
{
    [ThreadStatic]
    private static ActorCell? current;

    [ThreadStatic]
    private static ActorCell? constructing;

    private readonly ActorCell? parent;
    private readonly string name;
    private readonly Props props;
    private string? path;
    private Actor? actor;
    private long processed;
    private CellState state;
    private object? failedMessage;
    private Exception? restartCause;
    private volatile bool stopRequested;

    public ActorCell(ActorSystem system, ActorCell? parent, string name, Props props)
    {
        System = system;
        this.parent = parent;
        this.name = name;
        this.props = props;
        ends = new MailboxEnds(new MessageNode(null, null));
        if (props.Mailbox.Capacity is { } capacity)
        {
            bounded = new BoundedQueue(capacity, props.Mailbox.Overflow);
        }
    }

    /// <summary>The actor whose turn runs on this thread, if any: the implicit sender of a Tell.</summary>
    internal static ActorCell? Current => current;

    /// <summary>The cell whose actor constructor runs on this thread; read by the <see cref="Actor"/> constructor.</summary>
    internal static ActorCell? Constructing => constructing;

    public ActorSystem System { get; }

    public string Name => name;

    public string Path => path ??= parent is null ? "/" + name : parent.Path + "/" + name;

    public IActorRef Self => this;

    public IActorRef Sender => actor?.CurrentSender ?? ActorRef.Nobody;

    public IActorRef Parent => (IActorRef?)parent ?? ActorRef.Nobody;

    public TimeProvider TimeProvider => System.TimeProvider;

    public ITimerScheduler Timers => this;

    internal long MessagesProcessed => Volatile.Read(ref processed);

    internal Type ActorType => props.ActorType;

    internal RestartStatistics? RestartStatistics { get; set; }

    public override string ToString() => Path;

    internal static ActorCell? Resolve(IActorRef actor) => actor switch
    {
        ActorCell cell => cell,
        IUnwrapActorRef wrapper => Resolve(wrapper.Underlying),
        _ => null,
    };

    internal void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException($"{Path} did not handle the Terminated of {terminated.Actor.Path}, which it watched.");
        }

        System.OnUnhandled();
        Log.UnhandledMessage(System.Logger, message.GetType().Name, Path, props.ActorType.Name);
    }

    /// <summary>Creates the instance on the calling thread; only for the guardian, which must exist before the system is returned.</summary>
    internal void StartNow()
    {
        actor = NewInstance();
        state = CellState.Running;
    }

    private Actor NewInstance()
    {
        var previous = constructing;
        constructing = this;
        try
        {
            return props.Factory();
        }
        catch (Exception ex) when (ex is not ActorInitializationException)
        {
            throw new ActorInitializationException($"Creating {Path} ({props.ActorType.Name}) failed: {ex.Message}", ex);
        }
        finally
        {
            constructing = previous;
        }
    }
}
