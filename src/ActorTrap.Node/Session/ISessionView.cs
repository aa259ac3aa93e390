namespace ActorTrap.Node.Session;

/// <summary>A session as the admin API sees it; <see cref="Info"/> may be called from any thread.</summary>
internal interface ISessionView
{
    long Id { get; }

    SessionInfo Info();
}
