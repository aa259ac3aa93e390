namespace ActorTrap.Dns.Tests.Wire;

public sealed class RoundTripSpec
{
    private static DnsMessage Parse(byte[] bytes)
    {
        Assert.True(DnsMessageReader.TryParse(bytes, out var message, out var error), error.ToString());
        return message;
    }

    private static void AssertSame(DnsMessage expected, DnsMessage actual)
    {
        Assert.Equal((expected.Id, expected.Flags, expected.Rcode, expected.EdnsUdpSize), (actual.Id, actual.Flags, actual.Rcode, actual.EdnsUdpSize));
        Assert.Equal(expected.Questions, actual.Questions);
        foreach (var (e, a) in new[] { (expected.Answers, actual.Answers), (expected.Authorities, actual.Authorities), (expected.Additionals, actual.Additionals) })
        {
            Assert.Equal(e.Count, a.Count);
            for (var i = 0; i < e.Count; i++)
            {
                Assert.Equal((e[i].Name, e[i].Type, e[i].Ttl), (a[i].Name, a[i].Type, a[i].Ttl));
                switch (e[i].Data, a[i].Data)
                {
                    case (TxtRecord x, TxtRecord y): Assert.Equal(x.Strings, y.Strings); break;
                    case (RawRecord x, RawRecord y): Assert.Equal(x.Data.ToArray(), y.Data.ToArray()); break;
                    default: Assert.Equal(e[i].Data, a[i].Data); break;
                }
            }
        }
    }

    [Fact]
    public void Every_supported_record_type_survives_write_then_read()
    {
        AssertSame(Packets.Everything, Parse(Packets.Encode(Packets.Everything)));
    }

    [Fact]
    public void Dnsbl_answer_round_trips_and_is_compressed()
    {
        var bytes = Packets.Encode(Packets.DnsblAnswer);
        AssertSame(Packets.DnsblAnswer, Parse(bytes));
        // header 12 + question 30 + answer (pointer 2 + 10 + 4) + NS (pointer 2 + 10 + "ns1" 4 + pointer 2) + OPT 11
        Assert.Equal(12 + 30 + 16 + 18 + 11, bytes.Length);
    }

    [Fact]
    public void Query_has_recursion_desired_one_question_and_an_opt_record()
    {
        var buffer = new byte[512];
        var n = DnsMessageWriter.WriteQuery(buffer, 7, new DnsQuestion("2.0.0.127.zen.example", DnsType.A));
        var q = Parse(buffer[..n]);
        Assert.Equal(DnsHeaderFlags.RecursionDesired, q.Flags);
        Assert.Equal(7, q.Id);
        Assert.Equal((ushort)1232, q.EdnsUdpSize);
        Assert.Equal(new DnsQuestion("2.0.0.127.zen.example", DnsType.A), Assert.Single(q.Questions));
    }

    [Fact]
    public void Names_compare_case_insensitively_and_ignore_a_trailing_dot()
    {
        Assert.True(DnsName.Equals("2.0.0.127.ZEN.example.", "2.0.0.127.zen.EXAMPLE"));
        Assert.False(DnsName.Equals("a.example", "b.example"));
    }

    [Fact]
    public void Writing_into_a_too_small_buffer_returns_minus_one()
    {
        Assert.Equal(-1, DnsMessageWriter.Write(Packets.Everything, new byte[100]));
    }

    [Theory]
    [InlineData("a..example")]
    [InlineData("é.example")]
    [InlineData("\\256.example")]
    public void Invalid_names_are_refused_by_the_writer(string name)
    {
        Assert.Equal(-1, DnsMessageWriter.WriteQuery(new byte[512], 1, new DnsQuestion(name, DnsType.A)));
    }

    [Fact]
    public void Label_of_64_bytes_and_name_over_255_are_refused_by_the_writer()
    {
        Assert.Equal(-1, DnsMessageWriter.WriteQuery(new byte[1024], 1, new DnsQuestion(new string('a', 64) + ".example", DnsType.A)));
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Assert.Equal(-1, DnsMessageWriter.WriteQuery(new byte[1024], 1, new DnsQuestion(longName, DnsType.A)));
    }

    [Fact]
    public void Ttl_with_the_top_bit_set_reads_as_zero()
    {
        var bytes = Packets.Encode(Packets.DnsblAnswer with { Answers = [Packets.DnsblAnswer.Answers[0] with { Ttl = 0x8000_0001 }] });
        Assert.Equal(0u, Parse(bytes).Answers[0].Ttl);
    }
}
