using System.Net;

namespace ActorTrap.Dns.Tests.Wire;

/// <summary>Messages used across the codec tests: a typical DNSBL answer and one with every supported record type.</summary>
internal static class Packets
{
    public static DnsMessage DnsblAnswer { get; } = new(
        0x1234,
        DnsHeaderFlags.Response | DnsHeaderFlags.Authoritative | DnsHeaderFlags.RecursionDesired,
        DnsRcode.NoError,
        [new DnsQuestion("2.0.0.127.bl.example.org", DnsType.A)],
        [new DnsRecord("2.0.0.127.bl.example.org", DnsType.A, 2100, new ARecord(IPAddress.Parse("127.0.0.2")))],
        [new DnsRecord("bl.example.org", DnsType.NS, 3600, new NsRecord("ns1.bl.example.org"))],
        [],
        1232);

    public static DnsMessage Everything { get; } = new(
        65535,
        DnsHeaderFlags.Response | DnsHeaderFlags.Truncated | DnsHeaderFlags.RecursionAvailable,
        DnsRcode.NxDomain,
        [new DnsQuestion("x.example", DnsType.TXT)],
        [
            new DnsRecord("x.example", DnsType.A, 1, new ARecord(IPAddress.Parse("192.0.2.1"))),
            new DnsRecord("x.example", DnsType.AAAA, 2, new AaaaRecord(IPAddress.Parse("2001:db8::1"))),
            new DnsRecord("x.example", DnsType.TXT, 3, new TxtRecord(["listed: see http://x.example/?ip=1.2.3.4", "", new string('z', 255)])),
            new DnsRecord("1.2.0.192.in-addr.arpa", DnsType.PTR, 4, new PtrRecord("mail.x.example")),
            new DnsRecord("x.example", DnsType.MX, 5, new MxRecord(10, "mx1.x.example")),
            new DnsRecord("x.example", DnsType.MX, 6, new MxRecord(20, "mx2.x.example")),
            new DnsRecord("www.x.example", DnsType.CNAME, 7, new CnameRecord("x.example")),
            new DnsRecord("odd\\.label\\000.x.example", DnsType.A, 8, new ARecord(IPAddress.Parse("192.0.2.2"))),
            new DnsRecord("x.example", (DnsType)99, 9, new RawRecord(new byte[] { 1, 2, 3 })),
        ],
        [new DnsRecord("example", DnsType.SOA, 10, new SoaRecord("ns.example", "hostmaster.example", 2026112201, 3600, 600, 86400, 300))],
        [new DnsRecord("ns.example", DnsType.A, 11, new ARecord(IPAddress.Parse("192.0.2.53")))],
        4096);

    public static byte[] Encode(DnsMessage message)
    {
        var buffer = new byte[65535];
        var n = DnsMessageWriter.Write(message, buffer);
        Assert.True(n > 0, "message did not encode");
        return buffer[..n];
    }
}
