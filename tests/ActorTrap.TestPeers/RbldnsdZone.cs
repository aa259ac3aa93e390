namespace ActorTrap.TestPeers;

/// <summary>
/// One dataset served by <see cref="Rbldnsd"/>: <c>zone:type:file</c> on rbldnsd's command line. The file is
/// written with <see cref="Data"/> (rbldnsd's zone-file syntax, e.g. <c>:127.0.0.2:Listed, see $</c> then one
/// address or range a line; <c>$SOA</c> / <c>$NS</c> lines give negative answers an SOA).
/// </summary>
/// <param name="Zone">The DNS zone, e.g. <c>bl.test</c>.</param>
/// <param name="Type">rbldnsd dataset type: ip4set, ip4tset, ip4trie, ip6trie, ip6tset, dnset, generic, combined, ...</param>
/// <param name="FileName">File name inside the fixture's data directory.</param>
/// <param name="Data">The file's content.</param>
public sealed record RbldnsdZone(string Zone, string Type, string FileName, string Data)
{
    public static RbldnsdZone Ip4Set(string zone, string data) => new(zone, "ip4set", $"{zone}.ip4set", data);

    public static RbldnsdZone Ip4Tset(string zone, string data) => new(zone, "ip4tset", $"{zone}.ip4tset", data);

    public static RbldnsdZone Ip4Trie(string zone, string data) => new(zone, "ip4trie", $"{zone}.ip4trie", data);

    public static RbldnsdZone Ip6Trie(string zone, string data) => new(zone, "ip6trie", $"{zone}.ip6trie", data);

    public static RbldnsdZone Dnset(string zone, string data) => new(zone, "dnset", $"{zone}.dnset", data);

    /// <summary>Arbitrary records, one a line: <c>name ttl TYPE value</c> (e.g. <c>big 60 TXT "..."</c>).</summary>
    public static RbldnsdZone Generic(string zone, string data) => new(zone, "generic", $"{zone}.generic", data);
}
