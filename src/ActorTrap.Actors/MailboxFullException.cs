namespace ActorTrap.Actors;

/// <summary>A bounded mailbox with overflow Reject refused a message; sent back to the sender inside a StatusFailure.</summary>
public sealed class MailboxFullException : Exception
{
    public MailboxFullException()
    {
    }

    public MailboxFullException(string message)
        : base(message)
    {
    }

    public MailboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
