namespace ActorTrap.Actors;

/// <summary>What a full bounded mailbox does with one more message. The dropped message is always a counted dead letter.</summary>
public enum MailboxOverflow
{
    /// <summary>The incoming message is dropped.</summary>
    DropNewest,

    /// <summary>The oldest queued message is dropped to make room.</summary>
    DropOldest,

    /// <summary>The incoming message is dropped and its sender gets a <see cref="StatusFailure"/> with a <see cref="MailboxFullException"/> (an Ask fails fast).</summary>
    Reject,
}
