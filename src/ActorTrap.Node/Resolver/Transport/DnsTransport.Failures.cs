using System.Net;
using System.Net.Sockets;
using ActorTrap.Dns;
using DnsClient;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>What DnsClient's exceptions and answers mean for a question, counted by kind.</summary>
internal sealed partial class DnsTransport
{
    private DnsLookupOutcome Stopped(IPEndPoint server)
    {
        if (closing.IsCancellationRequested)
        {
            return DnsLookupOutcome.Failed("cancelled: the resolver is stopping");
        }

        Interlocked.Increment(ref timeouts);
        return DnsLookupOutcome.Failed($"no answer from {server} within the lookup budget");
    }

    // The id is DnsClient's check; the question (name case-insensitively, type, class) is ours (RFC 5452 9.1).
    private static bool AnswersTheQuestion(IDnsQueryResponse response, DnsClient.DnsQuestion asked) =>
        response.Questions.Count == 1
        && response.Questions[0] is var q
        && q.QuestionType == asked.QuestionType
        && q.QuestionClass == QueryClass.IN
        && DnsName.Equals(q.QueryName.Value, asked.QueryName.Value);

    private string Failure(Exception e, IPEndPoint server)
    {
        var chain = Chain(e).ToList();
        if (chain.OfType<DnsXidMismatchException>().Any())
        {
            Interlocked.Increment(ref mismatched);
            return $"{server} answered with another query id";
        }

        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            Interlocked.Increment(ref networkErrors);
            return $"{server}: {SocketErrors.Describe(socket)}";
        }

        if (e is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout })
        {
            Interlocked.Increment(ref timeouts);
            return $"no answer from {server} within {options.Timeout.TotalMilliseconds} ms";
        }

        // What is left came from the bytes the server sent: a parse error, or a record DnsClient could not build.
        Interlocked.Increment(ref malformed);
        return $"{server} sent an answer that does not parse ({e.GetBaseException().Message})";
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (var depth = 0; e is not null && depth < 8; depth++, e = e.InnerException)
        {
            yield return e;
        }
    }
}
