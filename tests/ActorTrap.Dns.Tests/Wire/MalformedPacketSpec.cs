namespace ActorTrap.Dns.Tests.Wire;

public sealed class MalformedPacketSpec
{
    private static DnsParseError ErrorOf(byte[] packet)
    {
        Assert.False(DnsMessageReader.TryParse(packet, out var message, out var error));
        Assert.Null(message);
        return error;
    }

    private static byte[] Header(ushort qd = 0, ushort an = 0, ushort ns = 0, ushort ar = 0, ushort flags = 0x8000) =>
        [0, 1, (byte)(flags >> 8), (byte)flags, 0, (byte)qd, 0, (byte)an, 0, (byte)ns, 0, (byte)ar];

    [Fact]
    public void Packet_shorter_than_a_header_is_rejected()
    {
        Assert.Equal(DnsParseError.BadHeader, ErrorOf([0, 1, 2]));
    }

    [Fact]
    public void Opcode_other_than_query_is_rejected()
    {
        Assert.Equal(DnsParseError.BadHeader, ErrorOf(Header(flags: 0x2800)));
    }

    [Fact]
    public void Counts_that_cannot_fit_are_rejected_before_parsing()
    {
        Assert.Equal(DnsParseError.BadCounts, ErrorOf(Header(an: 65535)));
    }

    [Fact]
    public void Question_cut_short_is_truncated()
    {
        Assert.Equal(DnsParseError.Truncated, ErrorOf([.. Header(qd: 1), 3, (byte)'a', (byte)'b', (byte)'c', 0, 0, 1]));
    }

    [Fact]
    public void Pointer_to_itself_is_a_loop()
    {
        Assert.Equal(DnsParseError.PointerLoop, ErrorOf([.. Header(qd: 1), 0xC0, 12, 0, 1, 0, 1]));
    }

    [Fact]
    public void Pointer_forward_is_rejected()
    {
        Assert.Equal(DnsParseError.BadPointer, ErrorOf([.. Header(qd: 1), 0xC0, 40, 0, 1, 0, 1, .. new byte[30]]));
    }

    [Fact]
    public void Two_names_pointing_at_each_other_cannot_loop()
    {
        // Name A at 12 is "x" + pointer to 18 (forward); name B at 18 is "y" + pointer to 12: the forward pointer is refused.
        byte[] packet = [.. Header(qd: 2), 1, (byte)'x', 0xC0, 18, 0, 1, 1, (byte)'y', 0xC0, 12, 0, 1, 0, 1, 0, 1];
        Assert.Equal(DnsParseError.BadPointer, ErrorOf(packet));
    }

    [Fact]
    public void Reserved_label_types_are_rejected()
    {
        Assert.Equal(DnsParseError.BadLabelType, ErrorOf([.. Header(qd: 1), 0x41, 0, 0, 1, 0, 1]));
        Assert.Equal(DnsParseError.BadLabelType, ErrorOf([.. Header(qd: 1), 0x80, 0, 0, 1, 0, 1]));
    }

    [Fact]
    public void Name_over_255_bytes_is_rejected()
    {
        var name = Enumerable.Range(0, 5).SelectMany(_ => new byte[] { 63 }.Concat(Enumerable.Repeat((byte)'a', 63))).Append((byte)0);
        Assert.Equal(DnsParseError.NameTooLong, ErrorOf([.. Header(qd: 1), .. name, 0, 1, 0, 1]));
    }

    [Fact]
    public void Rdlength_beyond_the_end_is_truncated()
    {
        Assert.Equal(DnsParseError.Truncated, ErrorOf([.. Header(an: 1), 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 200, 127, 0, 0, 2]));
    }

    [Fact]
    public void A_record_with_the_wrong_length_is_rejected()
    {
        Assert.Equal(DnsParseError.BadRecordLength, ErrorOf([.. Header(an: 1), 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 127, 0, 0]));
    }

    [Fact]
    public void Txt_string_running_past_rdata_is_rejected()
    {
        Assert.Equal(DnsParseError.BadRecordLength, ErrorOf([.. Header(an: 1), 0, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 5, (byte)'a', (byte)'b']));
    }

    [Fact]
    public void Name_in_rdata_that_disagrees_with_rdlength_is_rejected()
    {
        // PTR rdata says 2 bytes but holds the 3-byte name "a".
        Assert.Equal(DnsParseError.BadRecordLength, ErrorOf([.. Header(an: 1), 0, 0, 12, 0, 1, 0, 0, 0, 60, 0, 2, 1, (byte)'a', 0]));
    }
}
