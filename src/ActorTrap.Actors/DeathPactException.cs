namespace ActorTrap.Actors;

/// <summary>A watcher did not handle the Terminated of an actor it watched (Akka.NET semantics); the default strategy stops it.</summary>
public sealed class DeathPactException : Exception
{
    public DeathPactException()
    {
    }

    public DeathPactException(string message)
        : base(message)
    {
    }

    public DeathPactException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
