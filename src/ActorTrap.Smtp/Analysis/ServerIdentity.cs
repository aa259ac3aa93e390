using System.Net;

namespace ActorTrap.Smtp.Analysis;

/// <summary>This server's names and addresses, for the "HELO with our own name" check. Build once per node.</summary>
public sealed class ServerIdentity
{
    private readonly HashSet<string> _names;
    private readonly HashSet<IPAddress> _addresses;

    /// <param name="hostNames">actortrap.smtp.hostname and any other names the node answers to; case and a trailing dot are ignored.</param>
    /// <param name="addresses">The node's own (listen and public) addresses.</param>
    public ServerIdentity(IEnumerable<string> hostNames, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        ArgumentNullException.ThrowIfNull(addresses);
        _names = new HashSet<string>(hostNames.Select(n => n.TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        _addresses = new HashSet<IPAddress>(addresses.Select(HeloAnalyzer.Normalize));
    }

    public bool IsOurName(ReadOnlySpan<char> name) =>
        _names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name.TrimEnd('.'));

    public bool IsOurAddress(IPAddress address) => _addresses.Contains(HeloAnalyzer.Normalize(address));
}
