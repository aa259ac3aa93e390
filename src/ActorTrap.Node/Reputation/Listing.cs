using System.Net;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// One entry of our own blacklist: what the DNSBL responder, the rbldnsd export, the feeds and the session actors
/// (to hold our own listed IPs without a DNS query) all read.
/// </summary>
/// <param name="Address">Network address (host bits zero when <paramref name="PrefixLength"/> is shorter than the address).</param>
/// <param name="PrefixLength">32 or 128 for one address; shorter for a manually listed network.</param>
/// <param name="Score">Decayed score when listed (0 for a manual listing).</param>
/// <param name="Reasons">Sin wire names and DNSBL zones that led to the listing, or the operator's reason.</param>
/// <param name="Expires">When the listing lapses unless refreshed by new evidence; null for manual listings.</param>
public sealed record Listing(
    IPAddress Address,
    int PrefixLength,
    ListingClass Class,
    double Score,
    IReadOnlyList<string> Reasons,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset ListedAt,
    DateTimeOffset? Expires)
{
    /// <summary>
    /// The UDP feed reporters (key ids, sorted) whose reports stand behind a scored listing (issue 18); empty when
    /// only the cluster's own sessions saw the address, and for manual listings.
    /// </summary>
    public IReadOnlyList<string> Reporters { get; init; } = [];
}
