using Akka.Actor;
using ActorTrap.Node.Listener;
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

    /// <summary>Reads the header as it comes, until it is complete, bad, too long or late.</summary>
    private UntypedReceive ReadingProxyHeader(ProxyHeaderRead read) => message =>
    {
        switch (message)
        {
            case ClientData data:
                ProxyData(read, data.Bytes);
                break;
            case ProxyTimeout:
                RejectProxy("no PROXY header within the timeout");
                break;
            default:
                Common(message);
                break;
        }

        Publish();
    };

    private void ProxyData(ProxyHeaderRead read, byte[] bytes)
    {
        var take = Math.Min(bytes.Length, MaxProxyHeaderBytes - read.Length);
        bytes.AsSpan(0, take).CopyTo(read.Buffer.AsSpan(read.Length));
        var before = read.Length;
        read.Length += take;
        var result = ProxyProtocolParser.Parse(read.Buffer.AsSpan(0, read.Length));
        switch (result.Status)
        {
            case ProxyParseStatus.NeedMoreData when read.Length < MaxProxyHeaderBytes:
                bytesIn += take;
                connection.ResumeReading();
                return;
            case ProxyParseStatus.NeedMoreData:
                RejectProxy("header too long");
                return;
            case ProxyParseStatus.Invalid:
                RejectProxy(result.Error.ToString());
                return;
        }

        var header = result.Header!;
        var consumed = result.Consumed - before;
        bytesIn += consumed;
        Timers.Cancel(ProxyTimeout.Instance);
        if (!header.HasAddresses || header.Source is not { } source)
        {
            End(SessionOutcome.Observed, verdict: false); // LOCAL or UNKNOWN: the proxy checking on us
            return;
        }

        client = SmtpListener.Normalize(source.Address);
        if (!ctx.Gate.TryAddClient(client))
        {
            ctx.Metrics.Shed("per-ip");
            connection.Send("421 4.7.0 Too many connections from your address, try again later\r\n"u8);
            End(SessionOutcome.Shed, verdict: false);
            return;
        }

        countedClient = true;
        Begin();
        if (!stage.Over && consumed < bytes.Length)
        {
            // What followed the header in this chunk is the client's own: the behaviour just entered takes it.
            Self.Tell(new Unread(bytes[consumed..]), Self);
        }
    }

    private void RejectProxy(string reason)
    {
        ctx.Metrics.ProxyRejected(reason);
        Log.ProxyRejected(ctx.Logger, connection.Remote.ToString(), LogText.Escape(reason));
        End(SessionOutcome.Shed, verdict: false);
    }

    /// <summary>The client's bytes that came with the PROXY header: data, but not the answer to a read of the new behaviour.</summary>
    private sealed record Unread(byte[] Bytes);

    /// <summary>The header bytes read so far; lives only while the header is read.</summary>
    private sealed class ProxyHeaderRead
    {
        public byte[] Buffer { get; } = new byte[MaxProxyHeaderBytes];

        public int Length { get; set; }
    }
}
