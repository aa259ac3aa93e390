namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>
/// Specs that drive a node as hard as the machine allows (issue 8's outage and kill under load) run alone, after the
/// parallel ones: on 2 cores they would otherwise starve the timing assertions of specs running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadHeavyCollection
{
    public const string Name = "load-heavy end-to-end specs";
}
