using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Reputation.Cluster;

/// <summary>
/// A short hash of the settings every member of a cluster should share (DNSBL weights and threshold, the listing
/// rule's thresholds and sin weights, the reporters' consensus, the allow-list and never-judged networks). Reload is per node, so after an
/// edit reloaded on some members only, <c>ctl cluster show</c> shows which members differ. Changes with each reload.
/// </summary>
internal sealed class AgreedSettings(NodeSettings settings)
{
    private volatile string hash = Of(settings);

    public string Get() => hash;

    public void Update(NodeSettings next) => hash = Of(next);

    /// <summary>The first 12 hex digits of SHA-256 over a canonical text of those settings (culture-free, sorted).</summary>
    public static string Of(NodeSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = new StringBuilder();
        text.Append("dnsbl.threshold=").Append(N(s.Dnsbl.Threshold)).Append('\n');
        foreach (var z in s.Dnsbl.Zones.OrderBy(z => z.Zone, StringComparer.OrdinalIgnoreCase))
        {
            text.Append("zone=").Append(z.Zone.ToLowerInvariant()).Append(' ').Append(N(z.Weight)).Append(' ').Append(z.Codes).Append(' ').Append(z.Enabled).Append('\n');
        }

        text.Append("list-threshold=").Append(N(s.Reputation.ListThreshold)).Append("\nsoft-cap=").Append(N(s.Reputation.SoftCap)).Append('\n');
        foreach (var (kind, weight) in s.Smtp.SinWeights.OrderBy(w => w.Key))
        {
            text.Append("sin=").Append(kind).Append(' ').Append(N(weight)).Append('\n');
        }

        text.Append("allow=").AppendJoin(',', s.Reputation.Allow.Select(n => n.ToString()).Order(StringComparer.Ordinal)).Append('\n');
        text.Append("permit=").AppendJoin(',', s.Smtp.Permit.Select(n => n.ToString()).Order(StringComparer.Ordinal)).Append('\n');
        // The consensus of UDP feed reporters is part of the listing rule every member's store writers apply (issue 18).
        text.Append("min-reporters=").Append(s.Publish.UdpFeed.MinReporters.ToString(CultureInfo.InvariantCulture))
            .Append("\nreporter-window=").Append(s.Publish.UdpFeed.Window.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
