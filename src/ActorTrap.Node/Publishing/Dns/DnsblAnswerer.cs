using System.Net;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// Turns one DNS query for our zone into its response, straight from bytes to bytes: no allocation on the paths
/// that matter (an address lookup allocates the <see cref="IPAddress"/> the blacklist wants), so the UDP loop can
/// keep up with rbldnsd. Stateless apart from configuration: any number of threads may call it at once.
/// Responses echo the question exactly (resolvers that randomise letter case check it) and compress every owner
/// name to a pointer into it, so they are never larger than needed.
/// </summary>
internal sealed partial class DnsblAnswerer
{
    /// <summary>Responses without EDNS are limited to 512 bytes (RFC 1035 4.2.1).</summary>
    public const int PlainUdpLimit = 512;

    /// <summary>The EDNS UDP size we offer and honour at most: DNS Flag Day 2020's 1232, which avoids IP fragmentation.</summary>
    public const int EdnsUdpLimit = 1232;

    /// <summary>A response buffer of this size holds anything this answerer writes before it checks the client's limit.</summary>
    public const int ResponseBufferBytes = 16384;

    /// <summary>RFC 5782 5: a DNSBL must list 127.0.0.2 and ::FFFF:7F00:2 and never 127.0.0.1 (or ::FFFF:7F00:1).</summary>
    public static readonly Listing TestEntry = new(IPAddress.Parse("127.0.0.2"), 32, ListingClass.Behaviour, 0,
        ["RFC 5782 test entry"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

    /// <summary>
    /// The TXT of the test entry, here and in the rbldnsd export (which fills in the <c>$</c> itself): it was never
    /// listed at a time, so it names none (the template would say "since 1970-01-01").
    /// </summary>
    public const string TestEntryTxt = "$ is the RFC 5782 test entry of this DNSBL, always listed";

    // Refresh, retry and expire matter only to secondaries, which rbldnsd-style DNSBLs feed by file copy, not by
    // zone transfer; the values are those of rbldnsd's manual example ($SOA ... 2h 2h 1w).
    private const uint SoaRefresh = 2 * 3600;
    private const uint SoaRetry = 2 * 3600;
    private const uint SoaExpire = 7 * 86400;

    private readonly ILocalBlacklist blacklist;
    private readonly byte[] zoneWire;
    private readonly ZoneName[] nameservers;
    private readonly ZoneName hostmaster;
    private readonly byte[][] codes;
    private readonly TxtTemplate txt;
    private readonly DnsPublishOptions options;
    private readonly uint ttl;
    private readonly uint negativeTtl;
    private readonly uint minimum;
    private uint serial;

    public DnsblAnswerer(DnsPublishOptions options, ILocalBlacklist blacklist, uint serial)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.blacklist = blacklist ?? throw new ArgumentNullException(nameof(blacklist));
        Zone = options.Zone;
        zoneWire = DnsWire.Encode(options.Zone);
        nameservers = [.. options.Nameservers.Select(n => ZoneName.Of(n, options.Zone))];
        hostmaster = ZoneName.Of(options.Hostmaster, options.Zone);
        codes = new byte[Enum.GetValues<ListingClass>().Length][];
        foreach (var c in Enum.GetValues<ListingClass>())
        {
            codes[(int)c] = options.Codes.For(c).GetAddressBytes();
        }

        txt = TxtTemplate.TryParse(options.TxtTemplate, out var template, out var error) ? template : throw new ArgumentException(error, nameof(options));
        ttl = (uint)options.Ttl.TotalSeconds;
        minimum = (uint)options.NegativeTtl.TotalSeconds;

        // RFC 2308 3: a negative answer's SOA carries the lesser of its own TTL and its MINIMUM.
        negativeTtl = Math.Min(ttl, minimum);
        this.serial = serial;
    }

    public string Zone { get; }

    /// <summary>SOA serial: the publisher sets it to the time of the last change it saw (seconds since 1970, like rbldnsd's file mtime).</summary>
    public uint Serial
    {
        get => Volatile.Read(ref serial);
        set => Volatile.Write(ref serial, value);
    }

    /// <summary>Answers <paramref name="query"/> into <paramref name="response"/> (at least <see cref="ResponseBufferBytes"/> long).</summary>
    /// <param name="udp">True for UDP: the response is cut to 512 bytes, or the client's EDNS size up to 1232.</param>
    /// <param name="slip">Over the rate limit: answer only with an empty truncated response.</param>
    /// <returns>Response length, or -1 when nothing should be sent.</returns>
    public int Answer(ReadOnlySpan<byte> query, Span<byte> response, bool udp, bool slip, out DnsOutcome outcome)
    {
        if (query.Length < DnsWire.HeaderLength || (DnsWire.ReadU16(query, 2) & DnsWire.QrBit) != 0)
        {
            outcome = DnsOutcome.Dropped;
            return -1;
        }

        var flags = DnsWire.ReadU16(query, 2);
        if (((flags >> 11) & 0xF) != 0)
        {
            outcome = DnsOutcome.NotImp;
            return HeaderOnly(query, response, rcode: 4);
        }

        if (DnsWire.ReadU16(query, 4) != 1 || DnsWire.ReadU16(query, 6) != 0 || DnsWire.ReadU16(query, 8) != 0 || DnsWire.ReadU16(query, 10) > 1)
        {
            outcome = DnsOutcome.FormErr;
            return HeaderOnly(query, response, rcode: 1);
        }

        Span<int> labels = stackalloc int[128];
        if (!TryReadQuestion(query, labels, out var labelCount, out var nameEnd))
        {
            outcome = DnsOutcome.FormErr;
            return HeaderOnly(query, response, rcode: 1);
        }

        var questionEnd = nameEnd + 4;
        query[..questionEnd].CopyTo(response);
        var edns = new Edns();
        if (DnsWire.ReadU16(query, 10) == 1 && !TryReadOpt(query, questionEnd, out edns))
        {
            outcome = DnsOutcome.FormErr;
            return Finish(response, questionEnd, rcode: 1, authoritative: false, answers: 0, authorities: 0, default);
        }

        var limit = !udp ? ushort.MaxValue : edns.Present ? Math.Clamp((int)edns.UdpSize, PlainUdpLimit, EdnsUdpLimit) : PlainUdpLimit;
        if (slip)
        {
            outcome = DnsOutcome.RateLimitedSlipped;
            return Truncate(response, questionEnd, edns);
        }

        if (edns.Version != 0)
        {
            // BADVERS (16): the upper 8 bits go in the OPT record, the lower 4 (zero) in the header (RFC 6891 6.1.3).
            outcome = DnsOutcome.FormErr;
            return Finish(response, questionEnd, rcode: 0, authoritative: false, answers: 0, authorities: 0, edns with { ExtendedRcode = 1 });
        }

        var length = Respond(query, response, labels[..labelCount], nameEnd, out outcome, edns);
        if (length > limit)
        {
            outcome = DnsOutcome.Truncated;
            return Truncate(response, questionEnd, edns);
        }

        return length;
    }

    private int Respond(ReadOnlySpan<byte> query, Span<byte> response, ReadOnlySpan<int> labels, int nameEnd, out DnsOutcome outcome, Edns edns)
    {
        var qtype = DnsWire.ReadU16(query, nameEnd);
        var qclass = DnsWire.ReadU16(query, nameEnd + 2);
        var questionEnd = nameEnd + 4;
        var zoneAt = nameEnd - zoneWire.Length;
        var prefixLabels = ZoneLabelIndex(query, labels, zoneAt);
        if (prefixLabels < 0 || qclass != DnsWire.ClassIn)
        {
            outcome = DnsOutcome.Refused;
            return Finish(response, questionEnd, rcode: 5, authoritative: false, answers: 0, authorities: 0, edns);
        }

        var w = questionEnd;
        if (qtype is >= 250 and <= 254)
        {
            // TSIG, IXFR, AXFR, MAILB, MAILA: nothing a DNSBL serves (no zone transfers: copy the rbldnsd file instead).
            outcome = DnsOutcome.NotImp;
            return Finish(response, questionEnd, rcode: 4, authoritative: false, answers: 0, authorities: 0, edns);
        }

        if (prefixLabels == 0)
        {
            outcome = DnsOutcome.Apex;
            switch (qtype)
            {
                case DnsWire.TypeSoa or DnsWire.TypeAny:
                    w = WriteSoa(response, w, zoneAt, ttl);
                    return Finish(response, w, rcode: 0, authoritative: true, answers: 1, authorities: 0, edns);
                case DnsWire.TypeNs:
                    foreach (var ns in nameservers)
                    {
                        w = WriteNs(response, w, zoneAt, ns);
                    }

                    return Finish(response, w, rcode: 0, authoritative: true, answers: nameservers.Length, authorities: 0, edns);
                default:
                    return Negative(response, w, zoneAt, rcode: 0, edns);
            }
        }

        if (!TryAddress(query, labels[..prefixLabels], nameEnd, out var address))
        {
            outcome = DnsOutcome.NotListed;
            return Negative(response, w, zoneAt, rcode: 3, edns);
        }

        // An IPv4-mapped IPv6 name asks about the IPv4 address, as rbldnsd reads it (and its TXT names it so).
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Listing? listing;
        try
        {
            listing = Lookup(address);
        }
#pragma warning disable CA1031 // whatever the blacklist throws, the client gets SERVFAIL and the server keeps running
        catch (Exception)
#pragma warning restore CA1031
        {
            outcome = DnsOutcome.ServFail;
            return Finish(response, questionEnd, rcode: 2, authoritative: false, answers: 0, authorities: 0, edns);
        }

        if (listing is null)
        {
            outcome = DnsOutcome.NotListed;
            return Negative(response, w, zoneAt, rcode: 3, edns);
        }

        switch (qtype)
        {
            case DnsWire.TypeA or DnsWire.TypeAny:
                // ANY gets the A record alone: the smallest useful answer (RFC 8482), nothing to amplify.
                outcome = DnsOutcome.Listed;
                w = WriteA(response, w, codes[(int)listing.Class]);
                return Finish(response, w, rcode: 0, authoritative: true, answers: 1, authorities: 0, edns);
            case DnsWire.TypeTxt:
                outcome = DnsOutcome.Listed;
                w = WriteTxt(response, w, ReferenceEquals(listing, TestEntry)
                    ? TestEntryTxt.Replace("$", AddressText.Format(address), StringComparison.Ordinal)
                    : txt.Expand(listing, AddressText.Format(address)));
                return Finish(response, w, rcode: 0, authoritative: true, answers: 1, authorities: 0, edns);
            default:
                outcome = DnsOutcome.NoData;
                return Negative(response, w, zoneAt, rcode: 0, edns);
        }
    }

    private Listing? Lookup(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var n);
        var mapped = n == 16 && address.IsIPv4MappedToIPv6;
        var v4 = n == 4 ? b[..4] : mapped ? b[12..16] : default;
        if (v4.Length == 4 && v4[0] == 127 && v4[1] == 0 && v4[2] == 0 && v4[3] is 1 or 2)
        {
            return v4[3] == 2 ? TestEntry : null;
        }

        return blacklist.TryGet(address, out var listing) && listing is not null && options.Publishes(listing) ? listing : null;
    }

    private int Negative(Span<byte> response, int w, int zoneAt, int rcode, Edns edns)
    {
        w = WriteSoa(response, w, zoneAt, negativeTtl);
        return Finish(response, w, rcode, authoritative: true, answers: 0, authorities: 1, edns);
    }

    private static int Truncate(Span<byte> response, int questionEnd, Edns edns)
    {
        var length = Finish(response, questionEnd, rcode: 0, authoritative: true, answers: 0, authorities: 0, edns);
        response[2] |= (byte)(DnsWire.TcBit >> 8);
        return length;
    }

    private static int HeaderOnly(ReadOnlySpan<byte> query, Span<byte> response, int rcode)
    {
        query[..DnsWire.HeaderLength].CopyTo(response);
        DnsWire.WriteU16(response, 4, 0);
        return Finish(response, DnsWire.HeaderLength, rcode, authoritative: false, answers: 0, authorities: 0, default);
    }

    /// <summary>Sets the header of a response whose question (if any) and records end at <paramref name="w"/>; appends OPT when the query had one.</summary>
    private static int Finish(Span<byte> response, int w, int rcode, bool authoritative, int answers, int authorities, Edns edns)
    {
        var rd = DnsWire.ReadU16(response, 2) & DnsWire.RdBit;
        DnsWire.WriteU16(response, 2, DnsWire.QrBit | rd | (authoritative ? DnsWire.AaBit : 0) | (rcode & 0xF));
        DnsWire.WriteU16(response, 6, answers);
        DnsWire.WriteU16(response, 8, authorities);
        DnsWire.WriteU16(response, 10, edns.Present ? 1 : 0);
        if (edns.Present)
        {
            // Root owner, type OPT, our UDP size in the class field, extended rcode, version 0, no flags, no options.
            response[w] = 0;
            DnsWire.WriteU16(response, w + 1, DnsWire.TypeOpt);
            DnsWire.WriteU16(response, w + 3, EdnsUdpLimit);
            response[w + 5] = edns.ExtendedRcode;
            response[w + 6] = 0;
            DnsWire.WriteU16(response, w + 7, 0);
            DnsWire.WriteU16(response, w + 9, 0);
            w += 11;
        }

        return w;
    }

    private readonly record struct Edns(bool Present, ushort UdpSize, byte Version, byte ExtendedRcode);
}
