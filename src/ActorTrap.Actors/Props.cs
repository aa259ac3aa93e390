namespace ActorTrap.Actors;

/// <summary>How to create (and re-create on restart) an actor: factory, mailbox, and the strategy it applies to its children.</summary>
public sealed class Props
{
    private Props(Func<Actor> factory, Type actorType, MailboxOptions mailbox, SupervisorStrategy? supervisorStrategy)
    {
        Factory = factory;
        ActorType = actorType;
        Mailbox = mailbox;
        SupervisorStrategy = supervisorStrategy;
    }

    public Type ActorType { get; }

    public MailboxOptions Mailbox { get; }

    /// <summary>The strategy for this actor's children; null means <see cref="SupervisorStrategy.Default"/>.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    internal Func<Actor> Factory { get; }

    /// <summary>The factory runs on the actor's own turn, on first start and on every restart.</summary>
    public static Props Create<T>(Func<T> factory)
        where T : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(T), MailboxOptions.Unbounded, null);
    }

    public static Props Create<T>()
        where T : Actor, new()
        => Create(static () => new T());

    public Props WithMailbox(MailboxOptions mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return new Props(Factory, ActorType, mailbox, SupervisorStrategy);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(Factory, ActorType, Mailbox, strategy);
    }
}
