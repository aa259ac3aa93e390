using System.Diagnostics;
using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Resolver.Transport;
using ActorTrap.TestPeers;

namespace ActorTrap.Node.Tests.Resolver.Transport;

/// <summary>
/// Dead, failing and overloaded servers (moved from the old in-house client's specs): the transport answers with a
/// failure value in bounded time, fails over by ActorTrap's rules and caps the questions in flight.
/// </summary>
public sealed class DnsTransportFailureSpec
{
    private static readonly DnsQuestion Question = new("2.0.0.127.bl.test", DnsType.A);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    // For servers that do answer: long enough that a loaded CI machine never turns an answer into a timeout.
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(3);

    private static DnsTransport Transport(IPEndPoint[] servers, TimeSpan timeout, int retries, int maxInFlight = 1000, int maxQueued = 10_000) =>
        new(new DnsTransportOptions(servers, timeout, retries, maxInFlight, maxQueued), TimeProvider.System);

    private static Task Answer(ScriptedDnsServer.Received r, ScriptedDnsServer s, DnsRcode rcode = DnsRcode.NoError) =>
        s.SendAsync(ScriptedDnsServer.Answer(r.Query, rcode, answers: rcode == DnsRcode.NoError ? [ScriptedDnsServer.A(r.Query, "127.0.0.2")] : []), r.From);

    [Fact]
    public async Task Server_that_never_answers_gives_a_failure_after_its_tries()
    {
        using var silent = new ScriptedDnsServer();
        using var transport = Transport([silent.EndPoint], Short, retries: 1);
        var clock = Stopwatch.StartNew();

        var outcome = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(outcome.Response);
        Assert.Equal($"no answer from {silent.EndPoint} within 200 ms", outcome.Failure);
        Assert.Equal(2, silent.Queries.Count);
        Assert.Equal(1, transport.Stats.Timeouts);
        Assert.InRange(clock.Elapsed, 2 * Short - TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Silent_first_server_fails_over_to_the_next()
    {
        using var silent = new ScriptedDnsServer();
        using var good = new ScriptedDnsServer((r, s) => Answer(r, s));
        using var transport = Transport([silent.EndPoint, good.EndPoint], Short, retries: 1);

        var outcome = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DnsRcode.NoError, outcome.Response!.Rcode);
        Assert.Equal(2, silent.Queries.Count);
        Assert.NotEmpty(good.Queries);
    }

    [Fact]
    public async Task Servfail_moves_on_to_the_next_server_and_is_returned_when_all_fail()
    {
        using var failing = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.ServFail));
        using var refusing = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.Refused));
        using var good = new ScriptedDnsServer((r, s) => Answer(r, s));

        using (var transport = Transport([failing.EndPoint, good.EndPoint], Patient, retries: 2))
        {
            Assert.Equal(DnsRcode.NoError, (await transport.QueryAsync(Question)).Response!.Rcode);
            Assert.Single(failing.Queries); // an error answer is not retried on the same server
        }

        using (var transport = Transport([failing.EndPoint, refusing.EndPoint], Patient, retries: 0))
        {
            Assert.Equal(DnsRcode.Refused, (await transport.QueryAsync(Question)).Response!.Rcode);
        }
    }

    [Fact]
    public async Task Nxdomain_is_an_answer_not_a_reason_to_fail_over()
    {
        using var first = new ScriptedDnsServer((r, s) => Answer(r, s, DnsRcode.NxDomain));
        using var second = new ScriptedDnsServer((r, s) => Answer(r, s));
        using var transport = Transport([first.EndPoint, second.EndPoint], Patient, 1);
        Assert.Equal(DnsRcode.NxDomain, (await transport.QueryAsync(Question)).Response!.Rcode);
        Assert.Empty(second.Queries);
    }

    [Fact]
    public async Task Empty_answer_is_an_answer_not_a_reason_to_fail_over()
    {
        using var first = new ScriptedDnsServer((r, s) => s.SendAsync(ScriptedDnsServer.Answer(r.Query), r.From));
        using var second = new ScriptedDnsServer((r, s) => Answer(r, s));
        using var transport = Transport([first.EndPoint, second.EndPoint], Patient, 1);
        var outcome = await transport.QueryAsync(Question);
        Assert.Equal(DnsRcode.NoError, outcome.Response!.Rcode);
        Assert.Empty(outcome.Response.Answers);
        Assert.Empty(second.Queries);
    }

    [Fact]
    public async Task Queries_beyond_the_in_flight_cap_and_queue_fail_fast()
    {
        using var silent = new ScriptedDnsServer();
        using var transport = Transport([silent.EndPoint], TimeSpan.FromMilliseconds(500), 0, maxInFlight: 2, maxQueued: 0);
        var first = transport.QueryAsync(Question);
        var second = transport.QueryAsync(Question);
        Assert.Equal(2, transport.Stats.InFlight);

        var third = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromMilliseconds(200));

        Assert.Contains("too many DNS queries", third.Failure, StringComparison.Ordinal);
        Assert.Equal(1, transport.Stats.Rejected);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, transport.Stats.InFlight);
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
        using var transport = Transport([server.EndPoint], TimeSpan.FromSeconds(5), 0, maxInFlight: 1, maxQueued: 1);
        var first = transport.QueryAsync(Question);
        var queued = transport.QueryAsync(Question);
        Assert.Equal((1, 1), (transport.Stats.InFlight, transport.Stats.Queued));

        release.SetResult();

        Assert.NotNull((await first.WaitAsync(TimeSpan.FromSeconds(10))).Response);
        Assert.NotNull((await queued.WaitAsync(TimeSpan.FromSeconds(10))).Response);
    }

    [Fact]
    public async Task Question_cut_short_by_its_caller_returns_a_failure_instead_of_throwing()
    {
        using var silent = new ScriptedDnsServer();
        using var transport = Transport([silent.EndPoint], TimeSpan.FromSeconds(5), 0);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var outcome = await transport.QueryAsync(Question, budget.Token).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal($"no answer from {silent.EndPoint} within the lookup budget", outcome.Failure); // issue 16: names the server
        Assert.Equal(1, transport.Stats.Timeouts);
    }

    [Fact]
    public async Task Disposing_the_transport_ends_queries_in_flight()
    {
        using var silent = new ScriptedDnsServer();
        var transport = Transport([silent.EndPoint], TimeSpan.FromSeconds(30), 0);
        var pending = transport.QueryAsync(Question);
        transport.Dispose();
        Assert.Equal("cancelled: the resolver is stopping", (await pending.WaitAsync(TimeSpan.FromSeconds(5))).Failure);
        Assert.Equal("cancelled: the resolver is stopping", (await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(5))).Failure);
    }

    [Fact]
    public async Task Invalid_name_fails_without_sending_anything()
    {
        using var server = new ScriptedDnsServer();
        using var transport = Transport([server.EndPoint], Short, 0);
        var outcome = await transport.QueryAsync(new DnsQuestion(new string('a', 64) + ".bl.test", DnsType.A));
        Assert.Contains("not a valid DNS name", outcome.Failure, StringComparison.Ordinal);
        Assert.Empty(server.Queries);
    }

    [Fact]
    public async Task Truncated_answer_from_a_server_without_tcp_is_a_failure_not_a_partial_answer()
    {
        using var server = new ScriptedDnsServer((r, s) =>
            s.SendAsync(ScriptedDnsServer.Answer(r.Query, extraFlags: DnsHeaderFlags.Truncated, answers: ScriptedDnsServer.A(r.Query, "127.0.0.2")), r.From));
        using var transport = Transport([server.EndPoint], Patient, 0);
        var outcome = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(outcome.Response);
        Assert.Contains("connection refused", outcome.Failure, StringComparison.Ordinal); // DnsClient asked again over TCP
        Assert.Equal(1, transport.Stats.NetworkErrors);
    }

    [Fact]
    public async Task Garbage_answer_ends_the_try_at_once_and_is_asked_again_over_tcp()
    {
        // Random bytes under the query's id with a question count no 48 bytes can hold, then the real answer.
        using var server = new ScriptedDnsServer(async (r, s) =>
        {
            var noise = new byte[48];
            new Random(13).NextBytes(noise);
            r.Bytes.AsSpan(0, 2).CopyTo(noise);
            noise[4] = noise[5] = 0xFF;
            await s.SendAsync(noise, r.From);
            await Answer(r, s);
        });
        using var transport = Transport([server.EndPoint], Patient, 0);
        var clock = Stopwatch.StartNew();

        var outcome = await transport.QueryAsync(Question).WaitAsync(TimeSpan.FromSeconds(10));

        // DnsClient takes a short answer that does not parse for one cut short without the TC bit; no TCP listens here.
        Assert.Null(outcome.Response);
        Assert.Contains("connection refused", outcome.Failure, StringComparison.Ordinal);
        Assert.Equal(1, transport.Stats.NetworkErrors);
        Assert.True(clock.Elapsed < Patient, $"took {clock.Elapsed}");
    }
}
