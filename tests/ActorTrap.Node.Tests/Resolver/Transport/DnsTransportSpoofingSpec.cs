using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Resolver.Transport;

/// <summary>
/// What stands between a forged answer and a listing (RFC 5452): DnsClient's random id and fresh socket per try, its
/// id check, and the transport's own check of the question. DnsClient takes the first datagram that reaches its
/// socket, so a forgery ends the try instead of being waited past (see docs/dns.md for what that leaves open).
/// </summary>
public sealed class DnsTransportSpoofingSpec
{
    private static readonly DnsQuestion Question = new("2.0.0.127.bl.test", DnsType.A);

    private static DnsTransport Transport(IPEndPoint server, TimeSpan? timeout = null) =>
        new(new DnsTransportOptions([server], timeout ?? TimeSpan.FromSeconds(2), 0, 1000, 10_000), TimeProvider.System);

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("type")]
    [InlineData("class")]
    public async Task Forged_answer_is_not_believed(string forged)
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            var q = r.Query;
            var listed = ScriptedDnsServer.A(q, "127.0.0.99");
            await s.SendAsync(forged switch
            {
                "id" => ScriptedDnsServer.Answer(q, id: (ushort)(q.Id ^ 0x5a5a), answers: listed),
                "name" => ScriptedDnsServer.Answer(q, question: new DnsQuestion("3.0.0.127.bl.test", DnsType.A), answers: listed),
                "type" => ScriptedDnsServer.Answer(q, question: new DnsQuestion(q.Questions[0].Name, DnsType.TXT), answers: listed),
                _ => WithClass(ScriptedDnsServer.Answer(q, answers: listed), 3), // CHAOS
            }, r.From);
        });
        using var transport = Transport(server.EndPoint);

        var outcome = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Response);
        Assert.Equal(1, transport.Stats.Mismatched);
    }

    [Fact]
    public async Task Name_in_another_case_is_the_same_question()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            var upper = new DnsQuestion(r.Query.Questions[0].Name.ToUpperInvariant(), DnsType.A);
            await s.SendAsync(ScriptedDnsServer.Answer(r.Query, question: upper, answers: ScriptedDnsServer.A(r.Query, "127.0.0.2")), r.From);
        });
        using var transport = Transport(server.EndPoint);
        Assert.NotNull((await transport.QueryAsync(Question)).Response);
    }

    [Fact]
    public async Task Every_try_uses_a_random_id_a_new_source_port_and_edns()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
            await s.SendAsync(ScriptedDnsServer.Answer(r.Query, DnsRcode.NxDomain), r.From));
        using var transport = Transport(server.EndPoint);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(DnsRcode.NxDomain, (await transport.QueryAsync(Question)).Response!.Rcode);
        }

        var queries = server.Queries.ToList();
        Assert.Equal(20, queries.Count);
        Assert.True(queries.Select(q => q.Query.Id).Distinct().Count() >= 18, "ids repeat: " + string.Join(",", queries.Select(q => q.Query.Id)));
        Assert.True(queries.Select(q => q.From.Port).Distinct().Count() >= 15, "source ports repeat: " + string.Join(",", queries.Select(q => q.From.Port)));
        Assert.All(queries, q => Assert.Equal((ushort)1232, q.Query.EdnsUdpSize));
        Assert.All(queries, q => Assert.True(q.Query.Flags.HasFlag(DnsHeaderFlags.RecursionDesired)));
    }

    // Rewrites the question's class (the two bytes after the first name) of an answer.
    private static byte[] WithClass(byte[] packet, ushort @class)
    {
        var p = 12;
        while (packet[p] != 0)
        {
            p += 1 + packet[p];
        }

        packet[p + 3] = (byte)(@class >> 8);
        packet[p + 4] = (byte)@class;
        return packet;
    }
}
