namespace ActorTrap.Actors;

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException : Exception
{
    public AskTimeoutException()
    {
    }

    public AskTimeoutException(string message)
        : base(message)
    {
    }

    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
