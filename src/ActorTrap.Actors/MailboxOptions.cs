namespace ActorTrap.Actors;

/// <summary>The mailbox of an actor: unbounded (the default, lock-free) or bounded with an overflow rule.</summary>
public sealed class MailboxOptions
{
    private MailboxOptions(int? capacity, MailboxOverflow overflow)
    {
        Capacity = capacity;
        Overflow = overflow;
    }

    public static MailboxOptions Unbounded { get; } = new(null, MailboxOverflow.DropNewest);

    /// <summary>Null when unbounded.</summary>
    public int? Capacity { get; }

    public MailboxOverflow Overflow { get; }

    /// <summary>A mailbox that holds at most <paramref name="capacity"/> user messages (system messages are not counted).</summary>
    public static MailboxOptions Bounded(int capacity, MailboxOverflow overflow = MailboxOverflow.DropNewest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!Enum.IsDefined(overflow))
        {
            throw new ArgumentOutOfRangeException(nameof(overflow), overflow, "Unknown overflow rule.");
        }

        return new MailboxOptions(capacity, overflow);
    }

    public override string ToString() => Capacity is { } c ? $"Bounded({c}, {Overflow})" : "Unbounded";
}
