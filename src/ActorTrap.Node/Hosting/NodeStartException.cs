namespace ActorTrap.Node.Hosting;

/// <summary>
/// The node could not start, for a reason the operator can fix: the message names what failed (the key, the address
/// and which listener, the directory) and what to do. <c>actortrap run</c> prints it as it is, where an exception from
/// the runtime would only say "Address already in use" or "Permission denied". Not transient: starting again
/// unchanged fails the same way.
/// </summary>
public sealed class NodeStartException : Exception
{
    public NodeStartException()
    {
    }

    public NodeStartException(string message)
        : base(message)
    {
    }

    public NodeStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
