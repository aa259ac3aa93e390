using System.Net;
using ActorTrap.Node.Logging;
using ActorTrap.Smtp.Proxy;

namespace ActorTrap.Node.Session;

/// <summary>
/// A connection from a trusted proxy must begin with a PROXY v1 or v2 header naming the real client; the session
/// then runs for that client (its caps, its lookups, its verdict). A bad, missing or late header closes the
/// connection without a verdict: the proxy is not a client. A LOCAL header (the proxy's health check) is closed
/// quietly.
/// </summary>
internal sealed partial class SessionActor
{
    // A v2 header is 16 bytes plus its length field; real ones with TLVs stay well under this.
    private const int MaxProxyHeaderBytes = 1024;

    private byte[]? proxyBuffer;
    private int proxyLength;

    /// <summary>Consumes header bytes; true when the header is complete and <paramref name="input"/> holds what follows.</summary>
    private bool ProxyData(ref ReadOnlySpan<byte> input)
    {
        proxyBuffer ??= new byte[MaxProxyHeaderBytes];
        var take = Math.Min(input.Length, MaxProxyHeaderBytes - proxyLength);
        input[..take].CopyTo(proxyBuffer.AsSpan(proxyLength));
        var before = proxyLength;
        proxyLength += take;
        var result = ProxyProtocolParser.Parse(proxyBuffer.AsSpan(0, proxyLength));
        switch (result.Status)
        {
            case ProxyParseStatus.NeedMoreData when proxyLength < MaxProxyHeaderBytes:
                connection.ResumeReading();
                return false;
            case ProxyParseStatus.NeedMoreData:
                RejectProxy("header too long");
                return false;
            case ProxyParseStatus.Invalid:
                RejectProxy(result.Error.ToString());
                return false;
        }

        var header = result.Header!;
        // What followed the header in this chunk belongs to the client's SMTP stream.
        input = input[(result.Consumed - before)..];
        proxyBuffer = null;
        ClearDeadline(DeadlineKind.Proxy);
        if (!header.HasAddresses || header.Source is not { } source)
        {
            End(SessionOutcome.Observed, verdict: false); // LOCAL or UNKNOWN: the proxy checking on us
            return false;
        }

        client = Listener.SmtpListener.Normalize(source.Address);
        if (!ctx.Gate.TryAddClient(client))
        {
            ctx.Metrics.Shed("per-ip");
            connection.Send("421 4.7.0 Too many connections from your address, try again later\r\n"u8);
            End(SessionOutcome.Shed, verdict: false);
            return false;
        }

        countedClient = true;
        evented = false;
        Begin();
        return !ended;
    }

    private void RejectProxy(string reason)
    {
        ctx.Metrics.ProxyRejected(reason);
        Log.ProxyRejected(ctx.Logger, connection.Remote.ToString(), LogText.Escape(reason));
        End(SessionOutcome.Shed, verdict: false);
    }
}
