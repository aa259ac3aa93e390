using System.Net;
using ActorTrap.Dns.Client;
using ActorTrap.TestPeers;

namespace ActorTrap.Dns.Tests.Client;

/// <summary>Anti-spoofing: only the answer with the query's id and question, from the server asked, is accepted.</summary>
public sealed class DnsClientSpoofingSpec
{
    private static readonly DnsQuestion Question = new("2.0.0.127.bl.test", DnsType.A);

    private static DnsClient Client(IPEndPoint server, TimeSpan? timeout = null, int retries = 0) =>
        new(new DnsClientOptions([server], timeout ?? TimeSpan.FromSeconds(2), retries));

    [Fact]
    public async Task Forged_answers_arriving_first_are_dropped_and_the_real_one_is_taken()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            var q = r.Query;
            var forged = ScriptedDnsServer.A(q, "127.0.0.99");
            await s.SendAsync(ScriptedDnsServer.Answer(q, id: (ushort)(q.Id ^ 0x5a5a), answers: forged), r.From);
            await s.SendAsync(ScriptedDnsServer.Answer(q, question: new DnsQuestion("3.0.0.127.bl.test", DnsType.A), answers: forged), r.From);
            await s.SendAsync(ScriptedDnsServer.Answer(q, question: new DnsQuestion(q.Questions[0].Name, DnsType.TXT), answers: forged), r.From);
            await s.SendAsync(WithClass(ScriptedDnsServer.Answer(q, answers: forged), 3), r.From); // class CHAOS
            await s.SendAsync([.. r.Bytes[..2], 0x81, 0x80, 0, 1, 0, 9], r.From); // right id, lying counts
            await ScriptedDnsServer.SendFromElsewhereAsync(ScriptedDnsServer.Answer(q, answers: forged), r.From);
            await s.SendAsync(ScriptedDnsServer.Answer(q, answers: ScriptedDnsServer.A(q, "127.0.0.2")), r.From);
        });
        using var client = Client(server.EndPoint);

        var outcome = await client.QueryAsync(Question);

        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((ARecord)Assert.Single(outcome.Response!.Answers).Data).Address);
        Assert.Equal(4, client.Stats.Mismatched); // the kernel drops the off-port one before it reaches the client
        Assert.Equal(1, client.Stats.Malformed);
    }

    [Fact]
    public async Task Name_in_another_case_is_the_same_question()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            var upper = new DnsQuestion(r.Query.Questions[0].Name.ToUpperInvariant(), DnsType.A);
            await s.SendAsync(ScriptedDnsServer.Answer(r.Query, question: upper, answers: ScriptedDnsServer.A(r.Query, "127.0.0.2")), r.From);
        });
        using var client = Client(server.EndPoint);
        Assert.NotNull((await client.QueryAsync(Question)).Response);
    }

    [Fact]
    public async Task Only_forged_answers_mean_no_answer_within_the_timeout()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
            await s.SendAsync(ScriptedDnsServer.Answer(r.Query, id: (ushort)(r.Query.Id + 1), answers: ScriptedDnsServer.A(r.Query, "127.0.0.2")), r.From));
        using var client = Client(server.EndPoint, TimeSpan.FromMilliseconds(300));

        var outcome = await client.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Response);
        Assert.Contains("no answer", outcome.Failure, StringComparison.Ordinal);
        Assert.Equal(1, client.Stats.Mismatched);
    }

    [Fact]
    public async Task Every_try_uses_a_random_id_a_new_source_port_and_edns()
    {
        using var server = new ScriptedDnsServer(async (r, s) =>
            await s.SendAsync(ScriptedDnsServer.Answer(r.Query, DnsRcode.NxDomain), r.From));
        using var client = Client(server.EndPoint);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(DnsRcode.NxDomain, (await client.QueryAsync(Question)).Response!.Rcode);
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
