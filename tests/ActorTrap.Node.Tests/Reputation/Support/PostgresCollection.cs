namespace ActorTrap.Node.Tests.Reputation.Support;

/// <summary>Every class that talks to the throwaway PostgreSQL; they share one server and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
