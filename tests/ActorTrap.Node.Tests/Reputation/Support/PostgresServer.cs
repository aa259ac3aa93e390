using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>The throwaway PostgreSQL of the test peers as an xunit fixture, shared by the "postgres" collection.</summary>
public sealed class PostgresServer : PostgresInstance, IAsyncLifetime;
