namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.publish.http-feed</c>: the list as plain text, CSV and JSON on the admin endpoint.</summary>
public sealed record HttpFeedOptions(bool Enabled);
