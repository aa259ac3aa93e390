using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.admin</c>: the admin HTTP endpoint.</summary>
/// <param name="Listen">Where it listens; loopback unless a token is set.</param>
/// <param name="Token">Bearer token for everything but <c>/healthz</c>; null when not set. Never logged.</param>
public sealed record AdminOptions(IPEndPoint Listen, string? Token)
{
    /// <summary>Shorter tokens are guessable over a network; 16 characters of a random string are not.</summary>
    public const int MinTokenLength = 16;

    public override string ToString() => $"AdminOptions {{ Listen = {Listen}, Token = {(Token is null ? "none" : "set")} }}";
}
