using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing.Rbldnsd;

/// <summary>
/// The list as an rbldnsd <c>combined</c> dataset, served with <c>rbldnsd ... &lt;zone&gt;:combined:&lt;file&gt;</c>:
/// a common part with <c>$SOA</c>, <c>$NS</c> (when a zone is configured) and <c>$TTL</c>, an <c>ip4set</c> for
/// IPv4 and an <c>ip6trie</c> for IPv6, each entry with its own A value (the listing class's code) and TXT text
/// (our template, with <c>$</c> left for rbldnsd to fill in). The RFC 5782 test entries are written (with a fixed TXT,
/// no date) and 127.0.0.1 is excluded, so rbldnsd answers exactly as the built-in responder does. A single address is
/// written without a prefix in both datasets, in the notation of every feed (<see cref="AddressText"/>).
/// </summary>
internal static class RbldnsdZoneFile
{
    public static string Render(IReadOnlyCollection<Listing> listings, DnsPublishOptions dns, uint serial, DateTimeOffset now)
    {
        var txt = TxtTemplate.TryParse(dns.TxtTemplate, out var template, out var error) ? template : throw new ArgumentException(error, nameof(dns));
        var ordered = listings.Where(dns.Publishes).OrderBy(ListingKey.Of).ToList();
        var ttl = Seconds(dns.Ttl);
        var text = new StringBuilder(256 + (ordered.Count * 120));
        text.Append("# ActorTrap blacklist for rbldnsd, written ").Append(FeedTimeText(now)).Append(", ")
            .Append(ordered.Count.ToString(CultureInfo.InvariantCulture)).Append(" listings. Rewritten whenever the list changes; do not edit.\n");
        text.Append("# Serve with: rbldnsd -b ADDRESS/PORT ").Append(dns.Zone.Length > 0 ? dns.Zone : "ZONE").Append(":combined:THIS-FILE\n");
        if (dns.Zone.Length > 0)
        {
            // Refresh/retry/expire as in rbldnsd's manual example; MINIMUM is our negative TTL (RFC 2308).
            text.Append("$SOA ").Append(ttl).Append(' ').Append(dns.Nameservers[0]).Append(' ').Append(dns.Hostmaster).Append(' ')
                .Append(serial.ToString(CultureInfo.InvariantCulture)).Append(" 2h 2h 1w ").Append(Seconds(dns.NegativeTtl)).Append('\n');
            text.Append("$NS ").Append(ttl).Append(' ').Append(string.Join(' ', dns.Nameservers)).Append('\n');
        }

        text.Append("$TTL ").Append(ttl).Append('\n');

        text.Append("$DATASET ip4set:actortrap-ipv4 @\n");
        text.Append("!127.0.0.1\n");
        TestEntry(text, "127.0.0.2", dns);
        foreach (var listing in ordered.Where(l => l.Address.AddressFamily == AddressFamily.InterNetwork && !IsTestEntry(l)))
        {
            Entry(text, ListingKey.Of(listing).ToString(), listing, dns, txt);
        }

        text.Append("$DATASET ip6trie:actortrap-ipv6 @\n");
        // RFC 5782's IPv6 test entries in hex: rbldnsd refuses the dotted form (::ffff:127.0.0.2) as an invalid address.
        text.Append('!').Append(AddressText.Format(IPAddress.Parse("::ffff:127.0.0.1"))).Append('\n');
        TestEntry(text, AddressText.Format(IPAddress.Parse("::ffff:127.0.0.2")), dns);
        foreach (var listing in ordered.Where(l => l.Address.AddressFamily == AddressFamily.InterNetworkV6))
        {
            Entry(text, ListingKey.Of(listing).ToString(), listing, dns, txt);
        }

        return text.ToString();
    }

    private static void Entry(StringBuilder text, string network, Listing listing, DnsPublishOptions dns, TxtTemplate txt) =>
        text.Append(network).Append(" :").Append(dns.Codes.For(listing.Class)).Append(':').Append(txt.ExpandForRbldnsd(listing)).Append('\n');

    /// <summary>
    /// The RFC 5782 test entry has no listing time: its TXT is fixed text (<see cref="DnsblAnswerer.TestEntryTxt"/>),
    /// as the built-in responder answers, not the template's "since 1970-01-01" (issue 16).
    /// </summary>
    private static void TestEntry(StringBuilder text, string address, DnsPublishOptions dns) =>
        text.Append(address).Append(" :").Append(dns.Codes.For(DnsblAnswerer.TestEntry.Class)).Append(':').Append(DnsblAnswerer.TestEntryTxt).Append('\n');

    private static bool IsTestEntry(Listing l) => l.PrefixLength == 32 && l.Address.Equals(DnsblAnswerer.TestEntry.Address);

    private static string Seconds(TimeSpan t) => ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string FeedTimeText(DateTimeOffset t) => Feeds.FeedTime.Format(t);
}
