using System.Net;

namespace ActorTrap.Dns.Tests.Wire;

/// <summary>Name limits and compression details of the allocation-free name writer and the reader's name reuse.</summary>
public sealed class NameCodingSpec
{
    private static byte[] Encode(DnsMessage message)
    {
        var buffer = new byte[4096];
        var n = DnsMessageWriter.Write(message, buffer);
        Assert.True(n > 0, "the writer refused the message");
        return buffer[..n];
    }

    private static DnsMessage Answer(string question, params string[] owners) => new(7, DnsHeaderFlags.Response, DnsRcode.NoError,
        [new DnsQuestion(question, DnsType.A)],
        owners.Select(o => new DnsRecord(o, DnsType.A, 60, new ARecord(IPAddress.Parse("127.0.0.2")))).ToList(), [], [], null);

    [Fact]
    public void Name_of_exactly_255_wire_bytes_is_written_and_one_more_byte_is_refused()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61); // 3*64 + 62 + 1 = 255
        Assert.True(DnsMessageReader.TryParse(Encode(Answer(longest)), out var parsed, out _));
        Assert.Equal(longest, parsed.Questions[0].Name);
        Assert.Equal(-1, DnsMessageWriter.WriteQuery(new byte[512], 1, new DnsQuestion(longest + "b", DnsType.A)));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("caf\u00e9.example")]
    [InlineData("bad\\256.example")]
    public void Malformed_names_are_refused(string name) =>
        Assert.Equal(-1, DnsMessageWriter.WriteQuery(new byte[512], 1, new DnsQuestion(name, DnsType.A)));

    [Fact]
    public void Trailing_dot_and_escapes_encode_as_dig_writes_them()
    {
        Assert.True(DnsMessageReader.TryParse(Encode(Answer("a\\.b\\092c.example.")), out var parsed, out _));
        Assert.Equal("a\\.b\\\\c.example", parsed.Questions[0].Name);
    }

    [Fact]
    public void Compression_points_only_at_byte_identical_names_so_each_keeps_its_case()
    {
        var bytes = Encode(Answer("2.0.0.127.bl.example", "2.0.0.127.bl.example", "2.0.0.127.BL.example"));
        Assert.True(DnsMessageReader.TryParse(bytes, out var parsed, out _));
        Assert.Equal(["2.0.0.127.bl.example", "2.0.0.127.BL.example"], parsed.Answers.Select(a => a.Name));
        // The first answer is a bare pointer to the question (2 bytes); the second shares only "example".
        Assert.Equal(0xC0, bytes[12 + 22 + 4]);
    }

    [Fact]
    public void Answers_pointing_at_the_question_reuse_its_name()
    {
        Assert.True(DnsMessageReader.TryParse(Encode(Answer("2.0.0.127.bl.example", "2.0.0.127.bl.example", "2.0.0.127.bl.example")), out var parsed, out _));
        Assert.All(parsed.Answers, a => Assert.Same(parsed.Questions[0].Name, a.Name));
    }
}
