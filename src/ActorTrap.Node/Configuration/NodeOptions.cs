namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.node</c>.</summary>
/// <param name="Name">This node's name; the machine's host name when the key is empty.</param>
public sealed record NodeOptions(string Name);
