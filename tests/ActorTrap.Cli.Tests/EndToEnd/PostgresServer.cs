using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>The throwaway PostgreSQL of the test peers as an xunit fixture for the cluster specs.</summary>
public sealed class PostgresServer : PostgresInstance, IAsyncLifetime;
