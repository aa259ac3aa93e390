namespace ActorTrap.Node.Reputation.Store;

/// <summary>The store could not be reached or did not answer in time; the same call may succeed later.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
