using System.Net;

namespace ActorTrap.Node.Configuration;

/// <summary><c>actortrap.traps</c>: the trap page that hands out tagged trap addresses, and what their harvesters get (issue 18).</summary>
public sealed record TrapsOptions(TrapPageOptions Page, HarvesterOptions Harvesters)
{
    public static TrapsOptions Off { get; } = new(TrapPageOptions.Off, new HarvesterOptions(false, []));
}

/// <summary><c>actortrap.traps.page</c>.</summary>
/// <param name="Listen">The page's plain HTTP listener; null serves no page (this node still opens tokens when <see cref="Domains"/> and keys are set).</param>
/// <param name="Path">Where the page is served (robots.txt disallows it).</param>
/// <param name="Domains">Trap domains of the tagged addresses, lower case; a RCPT to any of them is a trap-address hit.</param>
/// <param name="Bucket">Time bucket sealed into a token: a token tells when to this precision.</param>
/// <param name="MaxAge">A token older than this still counts against the sender but no longer lists its harvester.</param>
/// <param name="Keys">Key id (0-255) to secret: every listed key opens tokens. Never logged.</param>
/// <param name="CurrentKey">The key id that seals new tokens.</param>
/// <param name="RatePerMinute">Pages per client address per minute.</param>
/// <param name="RateBurst">Pages a client may fetch at once before the rate applies.</param>
/// <param name="MaxClients">Clients the rate limiter remembers; past it, unknown clients are refused until some are forgotten.</param>
/// <param name="MaxConnections">Open connections to the page listener; more wait in the listen backlog.</param>
public sealed record TrapPageOptions(
    IPEndPoint? Listen,
    string Path,
    IReadOnlyList<string> Domains,
    TimeSpan Bucket,
    TimeSpan MaxAge,
    IReadOnlyDictionary<int, string> Keys,
    int CurrentKey,
    int RatePerMinute,
    int RateBurst,
    int MaxClients,
    int MaxConnections)
{
    public static TrapPageOptions Off { get; } = new(null, "/contact", [], TimeSpan.FromHours(1), TimeSpan.FromDays(30),
        new Dictionary<int, string>(), -1, 10, 5, 10_000, 64);

    /// <summary>Tokens are sealed and opened: at least one key and one tagged domain.</summary>
    public bool TokensEnabled => Keys.Count > 0 && Domains.Count > 0;

    public bool PageEnabled => Listen is not null && TokensEnabled;

    public override string ToString() =>
        $"TrapPageOptions {{ Listen = {Listen}, Path = {Path}, Domains = [{string.Join(", ", Domains)}], Bucket = {Bucket}, MaxAge = {MaxAge}, "
        + $"Keys = [{string.Join(", ", Keys.Keys)}] (secrets not shown), CurrentKey = {CurrentKey}, RatePerMinute = {RatePerMinute}, RateBurst = {RateBurst}, "
        + $"MaxClients = {MaxClients}, MaxConnections = {MaxConnections} }}";
}

/// <summary><c>actortrap.traps.harvesters</c>.</summary>
/// <param name="Block">Harvester listings are answered in the DNS zone, written to the rbldnsd file and the plain feed, and held by our sessions; off, they only inform.</param>
/// <param name="NeverList">Networks never listed as harvesters (special-use ranges by default).</param>
public sealed record HarvesterOptions(bool Block, IReadOnlyList<IPNetwork> NeverList);
