using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>How <see cref="Unbound.StartAsync(UnboundOptions, CancellationToken)"/> runs unbound.</summary>
public sealed class UnboundOptions
{
    /// <summary>Zones sent to other servers. Each also gets <c>local-zone: "zone." transparent</c> so that zones under unbound's built-in local zones (<c>test.</c>, <c>127.in-addr.arpa.</c>, ...) are still passed on.</summary>
    public IList<UnboundUpstream> Upstreams { get; } = [];

    /// <summary>Extra lines for the <c>server:</c> clause, e.g. <c>local-data: "mail.example.test. 60 IN A 192.0.2.10"</c> or <c>local-data-ptr: "192.0.2.10 mail.example.test"</c>.</summary>
    public IList<string> ServerLines { get; } = [];

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The port to answer on; null picks a free one (retried if another process takes it first). A fixed port is for
    /// a resolver that comes up after its client was told where it is (issue 16).
    /// </summary>
    public int? Port { get; init; }

    /// <summary>unbound's <c>edns-buffer-size</c>: answers bigger than this and the client's size go truncated over UDP. 1232 is unbound's default (DNS flag day 2020).</summary>
    public int EdnsBufferSize { get; init; } = 1232;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
