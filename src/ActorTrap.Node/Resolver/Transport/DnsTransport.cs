using System.Net;
using ActorTrap.Dns;
using DnsClient;

namespace ActorTrap.Node.Resolver.Transport;

/// <summary>
/// The resolver's way to the network: DnsClient's <see cref="LookupClient"/> asks one configured server at a time, in
/// order, and the answer comes back as a <see cref="DnsLookupOutcome"/> value; network trouble never throws.
/// </summary>
/// <remarks>
/// DnsClient does the wire work: a new UDP socket per try (the OS picks its source port), a random query id, retries,
/// a TCP retry of a truncated answer, and rejects an answer with another id. It accepts the first datagram that reaches
/// the socket, from any source, and does not compare the answer's question, so that is compared here (RFC 5452 9.1).
/// Its own cache is off: the resolver's cache has the clamps, bound and negative caching the configuration documents.
/// Failover stays ActorTrap's: NOERROR and NXDOMAIN end the question, another rcode or a failure moves to the next
/// server, and the last error answer is returned when no server gave a usable one (DnsClient would move on after an
/// NXDOMAIN too, which for a DNSBL is the common "not listed"). DnsClient's timeouts run in real time; the caller's
/// token (the resolver's lookup budget on its clock) bounds the whole question. Thread-safe.
/// </remarks>
internal sealed partial class DnsTransport : IDisposable
{
    private readonly DnsTransportOptions options;
    private readonly LookupClient lookup;
    private readonly (IPEndPoint EndPoint, NameServer[] Alone)[] servers;
    private readonly QuerySlots slots;

    // Cancelled by Dispose so that every question still on the wire ends at once.
    private readonly CancellationTokenSource closing = new();
    private long queries, timeouts, networkErrors, malformed, mismatched, rejected;

    public DnsTransport(DnsTransportOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.Servers.Count, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxQueued, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Retries, nameof(options));
        this.options = options;
        servers = options.Servers.Select(s => (s, new[] { new NameServer(s) })).ToArray();
        lookup = new LookupClient(new LookupClientOptions(options.Servers.ToArray())
        {
            UseCache = false,
            Timeout = options.Timeout,
            Retries = options.Retries,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            UseTcpFallback = true,
            AutoResolveNameServers = false,
            ExtendedDnsBufferSize = options.EdnsUdpSize,
        });
        slots = new QuerySlots(options.MaxInFlight, options.MaxQueued, time);
    }

    public DnsTransportStats Stats => new(
        Interlocked.Read(ref queries), Interlocked.Read(ref timeouts), Interlocked.Read(ref networkErrors), Interlocked.Read(ref malformed),
        Interlocked.Read(ref mismatched), Interlocked.Read(ref rejected), slots.InFlight, slots.Queued);

    /// <summary>
    /// Asks <paramref name="question"/> (class IN, recursion desired). Takes at most servers × (retries + 1) tries of
    /// the configured timeout (plus a TCP exchange for each truncated answer), and the queue wait when all slots are
    /// busy; <paramref name="cancellationToken"/> ends it sooner with a failure.
    /// </summary>
    public async Task<DnsLookupOutcome> QueryAsync(Dns.DnsQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        Interlocked.Increment(ref queries);
        DnsClient.DnsQuestion asked;
        try
        {
            asked = new DnsClient.DnsQuestion(question.Name, (QueryType)question.Type);
        }
        catch (ArgumentException)
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
            return await AskServersAsync(asked, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Ends every question still in flight with a failure; later questions fail the same way at once.</summary>
    public void Dispose() => closing.Cancel();

    private async Task<DnsLookupOutcome> AskServersAsync(DnsClient.DnsQuestion asked, CancellationToken cancellationToken)
    {
        DnsMessage? errorAnswer = null;
        var lastFailure = "no server was asked";
        foreach (var (endPoint, alone) in servers)
        {
            IDnsQueryResponse response;
            try
            {
                response = await lookup.QueryServerAsync(alone, asked, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return Stopped(endPoint);
            }
            catch (Exception e)
            {
                lastFailure = Failure(e, endPoint);
                continue;
            }

            if (!AnswersTheQuestion(response, asked))
            {
                Interlocked.Increment(ref mismatched);
                lastFailure = $"{endPoint} answered another question";
                continue;
            }

            var message = DnsResponseConversion.ToMessage(response);
            if (message.Rcode is DnsRcode.NoError or DnsRcode.NxDomain)
            {
                return DnsLookupOutcome.Of(message);
            }

            // This server cannot answer this name; another one may.
            errorAnswer = message;
            lastFailure = $"{endPoint} answered {message.Rcode}";
        }

        return errorAnswer is not null ? DnsLookupOutcome.Of(errorAnswer) : DnsLookupOutcome.Failed(lastFailure);
    }
}
