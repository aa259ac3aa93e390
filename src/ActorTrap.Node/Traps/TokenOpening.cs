using System.Net;

namespace ActorTrap.Node.Traps;

/// <summary>The result of <see cref="TrapTokens.Open"/>; the harvester and time are set only when <see cref="Status"/> is Opened.</summary>
/// <param name="HarvestedAt">Start of the time bucket the page was fetched in (the token keeps no finer time).</param>
internal sealed record TokenOpening(TokenStatus Status, IPAddress? Harvester = null, DateTimeOffset HarvestedAt = default, int KeyId = -1)
{
    public static TokenOpening NotAToken { get; } = new(TokenStatus.NotAToken);

    public bool Opened => Status == TokenStatus.Opened;
}
