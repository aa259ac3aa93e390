using System.Diagnostics;
using System.Net;
using ActorTrap.Dns.Client;
using ActorTrap.TestPeers;

namespace ActorTrap.Dns.Tests.Client;

/// <summary>Dead, failing and overloaded servers: the client answers with a failure value in bounded time and fails over.</summary>
public sealed class DnsClientFailureSpec
{
    private static readonly DnsQuestion Question = new("2.0.0.127.bl.test", DnsType.A);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    private static Task Answer(ScriptedDnsServer.Received r, ScriptedDnsServer s, DnsRcode rcode = DnsRcode.NoError) =>
        s.SendAsync(ScriptedDnsServer.Answer(r.Query, rcode, answers: rcode == DnsRcode.NoError ? [ScriptedDnsServer.A(r.Query, "127.0.0.2")] : []), r.From);

    [Fact]
    public async Task Server_that_never_answers_gives_a_failure_after_its_tries()
    {
        using var silent = new ScriptedDnsServer();
        using var client = new DnsClient(new DnsClientOptions([silent.EndPoint], Short, Retries: 1));
        var clock = Stopwatch.StartNew();

        var outcome = await client.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Response);
        Assert.Contains($"no answer from {silent.EndPoint}", outcome.Failure, StringComparison.Ordinal);
        Assert.Equal(2, silent.Queries.Count);
        Assert.Equal(2, client.Stats.Timeouts);
        Assert.InRange(clock.Elapsed, 2 * Short - TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_first_server_fails_over_to_the_next()
    {
        using var silent = new ScriptedDnsServer();
        using var good = new ScriptedDnsServer((r, s) => Answer(r, s));
        using var client = new DnsClient(new DnsClientOptions([silent.EndPoint, good.EndPoint], Short, Retries: 1));

        var outcome = await client.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DnsRcode.NoError, outcome.Response!.Rcode);
        Assert.Equal((2, 1), (silent.Queries.Count, good.Queries.Count));
    }

    [Fact]
    public async Task Servfail_moves_on_to_the_next_server_and_is_returned_when_all_fail()
    {
        using var failing = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.ServFail));
        using var refusing = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.Refused));
        using var good = new ScriptedDnsServer((r, s) => Answer(r, s));

        using (var client = new DnsClient(new DnsClientOptions([failing.EndPoint, good.EndPoint], Short, Retries: 2)))
        {
            Assert.Equal(DnsRcode.NoError, (await client.QueryAsync(Question)).Response!.Rcode);
            Assert.Single(failing.Queries); // an error answer is not retried on the same server
        }

        using (var client = new DnsClient(new DnsClientOptions([failing.EndPoint, refusing.EndPoint], Short, Retries: 0)))
        {
            Assert.Equal(DnsRcode.Refused, (await client.QueryAsync(Question)).Response!.Rcode);
        }
    }

    [Fact]
    public async Task Nxdomain_is_an_answer_not_a_reason_to_fail_over()
    {
        using var first = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.NxDomain));
        using var second = new ScriptedDnsServer((r, s) => Answer(r, s));
        using var client = new DnsClient(new DnsClientOptions([first.EndPoint, second.EndPoint], Short, 1));
        Assert.Equal(DnsRcode.NxDomain, (await client.QueryAsync(Question)).Response!.Rcode);
        Assert.Empty(second.Queries);
    }

    [Fact]
    public async Task Queries_beyond_the_in_flight_cap_and_queue_fail_fast()
    {
        using var silent = new ScriptedDnsServer();
        using var client = new DnsClient(new DnsClientOptions([silent.EndPoint], TimeSpan.FromMilliseconds(500), 0) { MaxInFlight = 2, MaxQueued = 0 });
        var first = client.QueryAsync(Question);
        var second = client.QueryAsync(Question);
        Assert.Equal(2, client.Stats.InFlight);

        var third = await client.QueryAsync(Question).WaitAsync(TimeSpan.FromMilliseconds(200));

        Assert.Contains("too many DNS queries", third.Failure, StringComparison.Ordinal);
        Assert.Equal(1, client.Stats.Rejected);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, client.Stats.InFlight);
    }

    [Fact]
    public async Task Queued_query_runs_when_a_slot_frees()
    {
        var release = new TaskCompletionSource();
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            await release.Task;
            await Answer(r, s);
        });
        using var client = new DnsClient(new DnsClientOptions([server.EndPoint], TimeSpan.FromSeconds(5), 0) { MaxInFlight = 1, MaxQueued = 1 });
        var first = client.QueryAsync(Question);
        var queued = client.QueryAsync(Question);
        Assert.Equal((1, 1), (client.Stats.InFlight, client.Stats.Queued));

        release.SetResult();

        Assert.NotNull((await first.WaitAsync(TimeSpan.FromSeconds(10))).Response);
        Assert.NotNull((await queued.WaitAsync(TimeSpan.FromSeconds(10))).Response);
    }

    [Fact]
    public async Task Cancelled_query_returns_a_failure_instead_of_throwing()
    {
        using var silent = new ScriptedDnsServer();
        using var client = new DnsClient(new DnsClientOptions([silent.EndPoint], TimeSpan.FromSeconds(5), 0));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var outcome = await client.QueryAsync(Question, cts.Token).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("cancelled", outcome.Failure);
    }

    [Fact]
    public async Task Disposing_the_client_ends_queries_in_flight()
    {
        using var silent = new ScriptedDnsServer();
        var client = new DnsClient(new DnsClientOptions([silent.EndPoint], TimeSpan.FromSeconds(30), 0));
        var pending = client.QueryAsync(Question);
        client.Dispose();
        Assert.Equal("cancelled", (await pending.WaitAsync(TimeSpan.FromSeconds(5))).Failure);
        Assert.Equal("cancelled", (await client.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(5))).Failure);
    }

    [Fact]
    public async Task Invalid_name_fails_without_sending_anything()
    {
        using var server = new ScriptedDnsServer();
        using var client = new DnsClient(new DnsClientOptions([server.EndPoint], Short, 0));
        var outcome = await client.QueryAsync(new DnsQuestion(new string('a', 64) + ".bl.test", DnsType.A));
        Assert.Contains("not a valid DNS name", outcome.Failure, StringComparison.Ordinal);
        Assert.Equal(0, client.Stats.Tries);
    }

    [Fact]
    public async Task Truncated_answer_from_a_server_without_tcp_is_a_failure_not_a_partial_answer()
    {
        using var server = new ScriptedDnsServer((r, s) =>
            s.SendAsync(ScriptedDnsServer.Answer(r.Query, extraFlags: DnsHeaderFlags.Truncated, answers: ScriptedDnsServer.A(r.Query, "127.0.0.2")), r.From));
        using var client = new DnsClient(new DnsClientOptions([server.EndPoint], Short, 0));
        var outcome = await client.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(outcome.Response);
        Assert.Contains("TCP", outcome.Failure, StringComparison.Ordinal);
        Assert.Equal(1, client.Stats.TcpFallbacks);
    }
}
