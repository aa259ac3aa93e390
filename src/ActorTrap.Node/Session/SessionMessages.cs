using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Session;

/// <summary>To the sessions actor: a connection was admitted; start its session actor.</summary>
/// <param name="Proxied">It comes from a trusted proxy and must start with a PROXY header.</param>
internal sealed record StartSession(IClientConnection Connection, bool Proxied);

/// <summary>To a session: close with 421 because the node is shutting down (sent by stopping, see PostStop).</summary>
internal sealed record ShutdownSession;
