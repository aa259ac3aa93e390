using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing.UdpFeed;

/// <summary>
/// Each reporter's allowance of distinct addresses per clock minute (<c>max-new-per-minute</c>): the addresses it
/// reported in the current minute are remembered, at most its cap, and forgotten when the minute changes, so memory is
/// bounded by the caps. An address already counted this minute passes again; a new one past the cap does not.
/// Used by the collector's receive thread only (the collector locks around it for tests that call it directly).
/// </summary>
internal sealed class NewAddressCap
{
    private readonly Dictionary<string, (long Minute, HashSet<IpKey> Seen)> byReporter = new(StringComparer.Ordinal);

    public bool TryTake(string reporter, System.Net.IPAddress address, int cap, DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        if (!byReporter.TryGetValue(reporter, out var state) || state.Minute != minute)
        {
            state = (minute, []);
            byReporter[reporter] = state;
        }

        var key = IpKey.From(Networks.NormaliseAddress(address));
        return state.Seen.Contains(key) || (state.Seen.Count < cap && state.Seen.Add(key));
    }

    /// <summary>Forgets reporters no longer configured (a reload removed them).</summary>
    public void Retain(IEnumerable<string> reporters)
    {
        var keep = reporters.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in byReporter.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            byReporter.Remove(gone);
        }
    }
}
