using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace ActorTrap.Dns.Client;

/// <summary>
/// A stub resolver client: asks recursive servers over UDP (EDNS0), retries over TCP when the answer is truncated,
/// fails over between servers, and returns an outcome value; network trouble never throws.
/// </summary>
/// <remarks>
/// Every try uses a cryptographically random id and a fresh socket with an OS-chosen source port, and accepts only
/// an answer from the server it asked whose id and question match (RFC 5452); anything else is dropped and the try
/// keeps waiting until its timeout, so a forged packet cannot win a race by arriving first. Timeouts run on the
/// injected <see cref="TimeProvider"/>. Thread-safe.
/// </remarks>
public sealed partial class DnsClient : IDisposable
{
    // A query is a header, a name of at most 255 bytes, type and class, and an 11-byte OPT record.
    private const int MaxQueryBytes = 12 + 255 + 4 + 11;

    private readonly DnsClientOptions options;
    private readonly TimeProvider time;
    private readonly QuerySlots slots;

    // Cancelled by Dispose so that every query still on the wire ends at once with "cancelled".
    private readonly CancellationTokenSource closing = new();
    private long queries, tries, tcpFallbacks, timeouts, networkErrors, malformed, mismatched, rejected;

    public DnsClient(DnsClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.Servers.Count, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxQueued, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Retries, nameof(options));
        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        slots = new QuerySlots(options.MaxInFlight, options.MaxQueued, time);
    }

    public DnsClientStats Stats => new(
        Interlocked.Read(ref queries), Interlocked.Read(ref tries), Interlocked.Read(ref tcpFallbacks), Interlocked.Read(ref timeouts),
        Interlocked.Read(ref networkErrors), Interlocked.Read(ref malformed), Interlocked.Read(ref mismatched), Interlocked.Read(ref rejected),
        slots.InFlight, slots.Queued);

    /// <summary>
    /// Asks <paramref name="question"/> (class IN, recursion desired). Takes at most servers × (retries + 1) tries of
    /// the configured timeout (plus a TCP exchange for each truncated answer), and the queue wait when all slots are busy.
    /// </summary>
    /// <returns>
    /// The first matching answer with NOERROR or NXDOMAIN; a SERVFAIL/REFUSED/FORMERR/NOTIMP answer when every server
    /// gave one; otherwise a failure saying what happened last.
    /// </returns>
    public async Task<DnsLookupOutcome> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        Interlocked.Increment(ref queries);
        var query = new byte[MaxQueryBytes];
        var length = DnsMessageWriter.WriteQuery(query, 0, question, options.EdnsUdpSize);
        if (length < 0)
        {
            return DnsLookupOutcome.Failed($"\"{question.Name}\" is not a valid DNS name");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        if (await slots.TakeAsync(options.Timeout, stop.Token).ConfigureAwait(false) is { } refused)
        {
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref rejected);
            }

            return DnsLookupOutcome.Failed(refused);
        }

        try
        {
            return await AskServersAsync(question, query.AsMemory(0, length), stop.Token).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Ends every query still in flight with a "cancelled" failure; later queries fail the same way at once.</summary>
    public void Dispose() => closing.Cancel();

    private async Task<DnsLookupOutcome> AskServersAsync(DnsQuestion question, Memory<byte> query, CancellationToken cancellationToken)
    {
        DnsMessage? errorAnswer = null;
        var lastFailure = "no server was asked";
        foreach (var server in options.Servers)
        {
            for (var attempt = 0; attempt <= options.Retries; attempt++)
            {
                var result = await TryOnceAsync(server, question, query, cancellationToken).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    return DnsLookupOutcome.Failed("cancelled");
                }

                if (result.Message is { Rcode: DnsRcode.NoError or DnsRcode.NxDomain } answer)
                {
                    return DnsLookupOutcome.Of(answer);
                }

                if (result.Message is { } error)
                {
                    // This server cannot answer this name; another one may (DnsClient.NET's ContinueOnDnsError does the same).
                    errorAnswer = error;
                    lastFailure = $"{server} answered {error.Rcode}";
                    break;
                }

                lastFailure = result.Failure!;
            }
        }

        return errorAnswer is not null ? DnsLookupOutcome.Of(errorAnswer) : DnsLookupOutcome.Failed(lastFailure);
    }

    private async Task<TryResult> TryOnceAsync(IPEndPoint server, DnsQuestion question, Memory<byte> query, CancellationToken cancellationToken)
    {
        var result = await UdpTryAsync(server, question, query, cancellationToken).ConfigureAwait(false);
        if (result.Message is { } truncated && truncated.Flags.HasFlag(DnsHeaderFlags.Truncated))
        {
            Interlocked.Increment(ref tcpFallbacks);
            result = await TcpTryAsync(server, question, query, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Puts a fresh cryptographically random id into the query and returns it.</summary>
    private static ushort NewId(Span<byte> query)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
        BinaryPrimitives.WriteUInt16BigEndian(query, id);
        return id;
    }

    private void Count(AnswerVerdict verdict)
    {
        if (verdict == AnswerVerdict.Malformed)
        {
            Interlocked.Increment(ref malformed);
        }
        else if (verdict == AnswerVerdict.Mismatched)
        {
            Interlocked.Increment(ref mismatched);
        }
    }

    private readonly record struct TryResult(DnsMessage? Message, string? Failure)
    {
        public static TryResult Fail(string reason) => new(null, reason);
    }
}
