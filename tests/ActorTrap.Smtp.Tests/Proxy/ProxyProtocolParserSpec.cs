using System.Buffers;
using System.Net;
using System.Text;
using ActorTrap.Smtp.Proxy;
using static ActorTrap.Smtp.Tests.Proxy.ProxyV2Builder;

namespace ActorTrap.Smtp.Tests.Proxy;

public sealed class ProxyProtocolParserSpec
{
    [Fact]
    public void A_v1_TCP4_header_gives_both_endpoints_and_its_length()
    {
        const string header = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n";

        var result = ProxyProtocolParser.Parse(Bytes(header + "EHLO client.example\r\n"));

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(header.Length, result.Consumed);
        Assert.Equal(new ProxyHeader(1, ProxyCommand.Proxy, ProxyAddressFamily.Inet,
            new IPEndPoint(IPAddress.Parse("192.168.0.1"), 56324), new IPEndPoint(IPAddress.Parse("192.168.0.11"), 443), header.Length), result.Header);
        Assert.True(result.Header!.HasAddresses);
    }

    [Fact]
    public void A_v1_TCP6_header_gives_IPv6_endpoints()
    {
        var result = ProxyProtocolParser.Parse(Bytes("PROXY TCP6 2001:db8::1 2001:db8::25 40000 25\r\n"));

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 40000), result.Header!.Source);
        Assert.Equal(ProxyAddressFamily.Inet6, result.Header.Family);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n")]
    public void A_v1_UNKNOWN_header_means_use_the_real_endpoints(string header)
    {
        var result = ProxyProtocolParser.Parse(Bytes(header));

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(header.Length, result.Consumed);
        Assert.False(result.Header!.HasAddresses);
        Assert.Equal(ProxyAddressFamily.Unspecified, result.Header.Family);
    }

    [Fact]
    public void The_longest_v1_header_the_spec_allows_fits()
    {
        var full = string.Join(':', Enumerable.Repeat("ffff", 8));
        var header = $"PROXY TCP6 {full} {full} 65535 65535\r\n";
        var unknown = $"PROXY UNKNOWN {full} {full} 65535 65535\r\n";

        Assert.Equal(ProxyParseStatus.Parsed, ProxyProtocolParser.Parse(Bytes(header)).Status);
        Assert.Equal(ProxyProtocolParser.V1MaxBytes, unknown.Length);
        Assert.Equal(ProxyParseStatus.Parsed, ProxyProtocolParser.Parse(Bytes(unknown)).Status);
    }

    [Fact]
    public void Every_beginning_of_a_v1_header_asks_for_more()
    {
        var bytes = Bytes("PROXY TCP4 203.0.113.7 198.51.100.25 40000 25\r\n");
        for (var n = 1; n < bytes.Length; n++)
        {
            Assert.Equal(ProxyParseStatus.NeedMoreData, ProxyProtocolParser.Parse(bytes.AsSpan(0, n)).Status);
        }

        Assert.Equal(ProxyParseStatus.Parsed, ProxyProtocolParser.Parse(bytes).Status);
    }

    [Theory]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY TCP4 192.0.2.1  192.0.2.2 1 2\r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1\r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2 3\r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2 \r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY UDP4 192.0.2.1 192.0.2.2 1 2\r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY tcp4 192.0.2.1 192.0.2.2 1 2\r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY \r\n", ProxyParseError.V1Syntax)]
    [InlineData("PROXY TCP4 192.0.2.256 192.0.2.2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP4 192.0.2 192.0.2.2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP4 0x7f.0.0.1 192.0.2.2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP4 2001:db8::1 192.0.2.2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP6 192.0.2.1 2001:db8::2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP6 2001:db8::1%eth0 2001:db8::2 1 2\r\n", ProxyParseError.V1BadAddress)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 65536 2\r\n", ProxyParseError.V1BadPort)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 -2\r\n", ProxyParseError.V1BadPort)]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 123456\r\n", ProxyParseError.V1BadPort)]
    [InlineData("proxy TCP4 192.0.2.1 192.0.2.2 1 2\r\n", ProxyParseError.NoSignature)]
    [InlineData("EHLO client.example\r\n", ProxyParseError.NoSignature)]
    public void Malformed_v1_headers_are_invalid_with_a_reason(string header, ProxyParseError error)
    {
        var result = ProxyProtocolParser.Parse(Bytes(header));

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Null(result.Header);
    }

    [Fact]
    public void A_v1_header_without_CRLF_in_107_bytes_is_invalid()
    {
        var result = ProxyProtocolParser.Parse(Bytes("PROXY UNKNOWN " + new string('x', 200)));

        Assert.Equal(ProxyParseError.V1TooLong, result.Error);
    }

    [Fact]
    public void A_v2_PROXY_TCP4_header_gives_both_endpoints()
    {
        var header = Header(0x21, 0x11, Inet("203.0.113.7", 40000, "198.51.100.25", 25));

        var result = ProxyProtocolParser.Parse([.. header, .. Bytes("EHLO x\r\n")]);

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(28, result.Consumed);
        Assert.Equal(new ProxyHeader(2, ProxyCommand.Proxy, ProxyAddressFamily.Inet,
            new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000), new IPEndPoint(IPAddress.Parse("198.51.100.25"), 25), 28), result.Header);
    }

    [Fact]
    public void A_v2_PROXY_TCP6_header_gives_IPv6_endpoints()
    {
        var header = Header(0x21, 0x21, Inet("2001:db8::7", 50000, "2001:db8::25", 25));

        var result = ProxyProtocolParser.Parse(header);

        Assert.Equal(16 + 36, result.Consumed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 50000), result.Header!.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::25"), 25), result.Header.Destination);
    }

    [Fact]
    public void V2_TLVs_are_skipped_and_counted_in_the_length()
    {
        var tlvs = (byte[])[.. Tlv(0x01, Bytes("smtp")), .. Tlv(0x04, [0x00]), .. Tlv(0xEA, new byte[40])];
        var header = Header(0x21, 0x11, Inet("203.0.113.7", 1, "198.51.100.25", 25), tlvs);

        var result = ProxyProtocolParser.Parse(header);

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(header.Length, result.Consumed);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), result.Header!.Source!.Address);
    }

    [Fact]
    public void A_v2_LOCAL_header_carries_no_addresses_even_with_an_address_block()
    {
        var withBlock = ProxyProtocolParser.Parse(Header(0x20, 0x11, Inet("10.0.0.1", 1, "10.0.0.2", 2)));
        var empty = ProxyProtocolParser.Parse(Header(0x20, 0x00, []));

        Assert.Equal(ProxyCommand.Local, withBlock.Header!.Command);
        Assert.False(withBlock.Header.HasAddresses);
        Assert.Equal(28, withBlock.Consumed);
        Assert.Equal(16, empty.Consumed);
        Assert.False(empty.Header!.HasAddresses);
    }

    [Fact]
    public void V2_UNSPEC_and_UNIX_families_carry_no_IP_addresses()
    {
        var unspec = ProxyProtocolParser.Parse(Header(0x21, 0x00, []));
        var unix = ProxyProtocolParser.Parse(Header(0x21, 0x31, new byte[216]));

        Assert.Equal(ProxyAddressFamily.Unspecified, unspec.Header!.Family);
        Assert.False(unspec.Header.HasAddresses);
        Assert.Equal(ProxyAddressFamily.Unix, unix.Header!.Family);
        Assert.False(unix.Header.HasAddresses);
        Assert.Equal(16 + 216, unix.Consumed);
    }

    [Fact]
    public void A_v2_UDP_header_is_parsed_like_TCP()
    {
        var result = ProxyProtocolParser.Parse(Header(0x21, 0x12, Inet("203.0.113.7", 53, "198.51.100.25", 53)));

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(ProxyAddressFamily.Inet, result.Header!.Family);
    }

    [Fact]
    public void Every_beginning_of_a_v2_header_asks_for_more()
    {
        var header = Header(0x21, 0x11, Inet("203.0.113.7", 40000, "198.51.100.25", 25), Tlv(0x02, Bytes("mx.example")));
        for (var n = 1; n < header.Length; n++)
        {
            Assert.Equal(ProxyParseStatus.NeedMoreData, ProxyProtocolParser.Parse(header.AsSpan(0, n)).Status);
        }

        Assert.Equal(ProxyParseStatus.Parsed, ProxyProtocolParser.Parse(header).Status);
    }

    [Theory]
    [InlineData(0x11, 0x11, 12, ProxyParseError.V2BadVersion)]
    [InlineData(0x31, 0x11, 12, ProxyParseError.V2BadVersion)]
    [InlineData(0x22, 0x11, 12, ProxyParseError.V2BadCommand)]
    [InlineData(0x2F, 0x11, 12, ProxyParseError.V2BadCommand)]
    [InlineData(0x21, 0x41, 12, ProxyParseError.V2BadFamily)]
    [InlineData(0x21, 0x13, 12, ProxyParseError.V2BadFamily)]
    [InlineData(0x21, 0x11, 11, ProxyParseError.V2AddressTooShort)]
    [InlineData(0x21, 0x21, 12, ProxyParseError.V2AddressTooShort)]
    [InlineData(0x21, 0x31, 200, ProxyParseError.V2AddressTooShort)]
    [InlineData(0x21, 0x11, 1025, ProxyParseError.V2TooLong)]
    [InlineData(0x21, 0x11, 65535, ProxyParseError.V2TooLong)]
    public void Malformed_v2_headers_are_invalid_from_the_fixed_part_alone(byte versionCommand, byte family, int length, ProxyParseError error)
    {
        var fixedPart = Header(versionCommand, family, [], lengthOverride: length);

        var result = ProxyProtocolParser.Parse(fixedPart);

        Assert.Equal(ProxyParseStatus.Invalid, result.Status);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void The_v2_length_cap_can_be_raised()
    {
        var header = Header(0x21, 0x11, Inet("203.0.113.7", 1, "198.51.100.25", 25), Tlv(0xE0, new byte[2000]));

        Assert.Equal(ProxyParseError.V2TooLong, ProxyProtocolParser.Parse(header).Error);
        Assert.Equal(ProxyParseStatus.Parsed, ProxyProtocolParser.Parse(header, maxV2Length: 4096).Status);
    }

    [Fact]
    public void A_header_split_over_segments_parses_as_one()
    {
        var header = Header(0x21, 0x11, Inet("203.0.113.7", 40000, "198.51.100.25", 25));
        var first = new Segment(header.AsMemory(0, 5), 0);
        var last = first.Append(header.AsMemory(5, 10)).Append(header.AsMemory(15));

        var result = ProxyProtocolParser.Parse(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        Assert.Equal(ProxyParseStatus.Parsed, result.Status);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), result.Header!.Source!.Address);
    }

    [Theory]
    [InlineData("P", true)]
    [InlineData("PROX", true)]
    [InlineData("PROXY ", true)]
    [InlineData("PROXY TCP4 1.2.3.4", true)]
    [InlineData("\r\n\r\n\0\r\nQU", true)]
    [InlineData("\r", true)]
    [InlineData("PROXIMA", false)]
    [InlineData("EHLO x", false)]
    [InlineData("\r\n\r\nQUIT", false)]
    [InlineData("", false)]
    public void The_cheap_check_spots_the_start_of_either_version(string start, bool expected)
    {
        Assert.Equal(expected, ProxyProtocolParser.LooksLikeProxyHeader(Bytes(start)));
    }

    [Fact]
    public void The_cheap_check_spots_a_complete_v2_signature()
    {
        Assert.True(ProxyProtocolParser.LooksLikeProxyHeader(Header(0x21, 0x11, Inet("1.2.3.4", 1, "5.6.7.8", 2))));
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
