using ActorTrap.Dns;
using ActorTrap.Node.Publishing.Dns;
using ActorTrap.Node.Tests.Publishing.Support;

namespace ActorTrap.Node.Tests.Publishing.Dns;

public sealed class MalformedQuerySpec
{
    private readonly DnsblAnswerer answerer = new(PublishTestOptions.Dns("bl.example.org"), new TestBlacklist(TestBlacklist.Entry("192.0.2.9")), 1);

    private (int Length, DnsOutcome Outcome, byte[] Response) Answer(byte[] query)
    {
        var response = new byte[DnsblAnswerer.ResponseBufferBytes];
        var length = answerer.Answer(query, response, udp: true, slip: false, out var outcome);
        return (length, outcome, response);
    }

    private static byte[] Valid() => DnsQueries.Query("9.2.0.192.bl.example.org", DnsType.A);

    [Fact]
    public void Packet_shorter_than_a_header_is_dropped()
    {
        var (length, outcome, _) = Answer(new byte[11]);

        Assert.Equal((-1, DnsOutcome.Dropped), (length, outcome));
    }

    [Fact]
    public void Response_is_never_answered_so_two_servers_cannot_loop()
    {
        var query = Valid();
        query[2] |= 0x80;

        var (length, outcome, _) = Answer(query);

        Assert.Equal((-1, DnsOutcome.Dropped), (length, outcome));
    }

    [Fact]
    public void Opcode_other_than_QUERY_is_NOTIMP()
    {
        var query = Valid();
        query[2] |= 2 << 3; // STATUS

        var (length, outcome, response) = Answer(query);

        Assert.Equal(DnsOutcome.NotImp, outcome);
        Assert.Equal(DnsRcode.NotImp, DnsQueries.Parse(response.AsSpan(0, length)).Rcode);
    }

    [Theory]
    [InlineData(4, 2)]   // two questions
    [InlineData(4, 0)]   // no question
    [InlineData(6, 1)]   // an answer in a query
    [InlineData(10, 2)]  // two additional records
    public void Wrong_section_counts_are_FORMERR(int offset, int value)
    {
        var query = Valid();
        query[offset + 1] = (byte)value;

        var (length, outcome, response) = Answer(query);

        Assert.Equal(DnsOutcome.FormErr, outcome);
        Assert.Equal(DnsRcode.FormErr, DnsQueries.Parse(response.AsSpan(0, length)).Rcode);
    }

    [Fact]
    public void Compression_pointer_in_the_question_is_FORMERR()
    {
        byte[] query = [0x12, 0x34, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1];

        Assert.Equal(DnsOutcome.FormErr, Answer(query).Outcome);
    }

    [Fact]
    public void Question_cut_short_is_FORMERR()
    {
        var query = Valid();

        Assert.Equal(DnsOutcome.FormErr, Answer(query[..^3]).Outcome);
    }

    [Fact]
    public void Additional_record_that_is_not_OPT_is_FORMERR()
    {
        var query = DnsQueries.Query("9.2.0.192.bl.example.org", DnsType.A, edns: 1232);
        query[^10] = 0; // OPT (41) becomes type 0
        query[^9] = 1;

        Assert.Equal(DnsOutcome.FormErr, Answer(query).Outcome);
    }

    [Fact]
    public void Unknown_EDNS_version_is_BADVERS()
    {
        var query = DnsQueries.Query("9.2.0.192.bl.example.org", DnsType.A, edns: 1232);
        query[^5] = 1; // version

        var (length, _, response) = Answer(query);

        Assert.Equal(1, response[length - 6]); // extended rcode 1 in OPT: BADVERS = 16
        Assert.Empty(DnsQueries.Parse(response.AsSpan(0, length)).Answers);
    }

    [Fact]
    public void Class_other_than_IN_is_REFUSED()
    {
        var query = Valid();
        query[^1] = 3; // CH

        Assert.Equal(DnsOutcome.Refused, Answer(query).Outcome);
    }

    [Fact]
    public void Quarter_million_mutated_queries_never_throw_and_every_answer_parses_within_512_bytes()
    {
        var random = new Random(6);
        var seeds = new[]
        {
            Valid(),
            DnsQueries.Query("2.0.0.127.bl.example.org", DnsType.TXT, edns: 1232),
            DnsQueries.Query("bl.example.org", DnsType.SOA),
            DnsQueries.Query(ActorTrap.Dns.Dnsbl.DnsblQueryName.For(System.Net.IPAddress.Parse("2001:db8::1"), "bl.example.org"), DnsType.A),
        };
        var response = new byte[DnsblAnswerer.ResponseBufferBytes];
        var answered = 0;
        for (var i = 0; i < 250_000; i++)
        {
            var seed = seeds[i % seeds.Length];
            var packet = seed.ToArray();
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips; f++)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            if (i % 7 == 0)
            {
                packet = packet[..random.Next(packet.Length + 1)];
            }

            var length = answerer.Answer(packet, response, udp: true, slip: false, out _);
            if (length < 0)
            {
                continue;
            }

            answered++;
            Assert.InRange(length, 12, 512);
            Assert.True(DnsMessageReader.TryParse(response.AsSpan(0, length), out _, out var error) || error == DnsParseError.BadHeader,
                $"answer to mutation {i} does not parse: {error}");
        }

        Assert.True(answered > 125_000, $"only {answered} answered");
    }
}
