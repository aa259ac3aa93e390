using System.Collections.Concurrent;
using System.Net;
using ActorTrap.Dns;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Resolver.Transport;

namespace ActorTrap.Node.Tests.Resolver;

/// <summary>
/// A scripted DNS transport for resolver specs: answers per (name, type), NXDOMAIN with an SOA otherwise, counts
/// every query, and can hold all answers until <see cref="Release"/> to put many askers on one in-flight query.
/// </summary>
internal sealed class ScriptedDns
{
    private readonly ConcurrentDictionary<(string, DnsType), Func<DnsQuestion, DnsLookupOutcome>> answers = new();
    private readonly ConcurrentDictionary<(string, DnsType), int> counts = new();
    private TaskCompletionSource gate = Completed();

    public uint NegativeTtl { get; set; } = 300;

    public int Queries => counts.Values.Sum();

    public int QueriesFor(string name, DnsType type) => counts.GetValueOrDefault((name, type));

    public void A(string name, params string[] addresses) => Answer(name, DnsType.A, q =>
        Response(q, addresses.Select(a => new DnsRecord(q.Name, DnsType.A, 600, new ARecord(IPAddress.Parse(a)))).ToArray()));

    public void Record(string name, DnsType type, DnsRecordData data, uint ttl = 600) => Answer(name, type, q => Response(q, new DnsRecord(q.Name, type, ttl, data)));

    public void Answer(string name, DnsType type, Func<DnsQuestion, DnsLookupOutcome> answer) => answers[(name, type)] = answer;

    public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => gate.TrySetResult();

    public async Task<DnsLookupOutcome> QueryAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        counts.AddOrUpdate((question.Name, question.Type), 1, (_, n) => n + 1);
        await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return answers.TryGetValue((question.Name, question.Type), out var answer)
            ? answer(question)
            : DnsLookupOutcome.Of(new DnsMessage(1, DnsHeaderFlags.Response, DnsRcode.NxDomain, [question], [],
                [new DnsRecord("zone", DnsType.SOA, 3600, new SoaRecord("ns", "host", 1, 1, 1, 1, NegativeTtl))], [], null));
    }

    public static DnsLookupOutcome Response(DnsQuestion q, params DnsRecord[] records) =>
        DnsLookupOutcome.Of(new DnsMessage(1, DnsHeaderFlags.Response, DnsRcode.NoError, [q], records, [], [], null));

    private static TaskCompletionSource Completed()
    {
        var t = new TaskCompletionSource();
        t.SetResult();
        return t;
    }
}
