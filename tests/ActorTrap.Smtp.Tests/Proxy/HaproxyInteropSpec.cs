using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorTrap.Smtp.Proxy;

namespace ActorTrap.Smtp.Tests.Proxy;

/// <summary>Headers sent by a real HAProxy (send-proxy, send-proxy-v2) parse to the client's real endpoints.</summary>
public sealed class HaproxyInteropSpec(HaproxyFixture haproxy) : IClassFixture<HaproxyFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_send_proxy_v1_header_from_haproxy_names_the_client_and_the_frontend()
    {
        var (header, first) = await RelayAsync(haproxy.V1);

        Assert.Equal(1, header.Version);
        Assert.Equal(ProxyAddressFamily.Inet, header.Family);
        Assert.Equal(haproxy.V1, header.Destination);
        Assert.Equal(IPAddress.Loopback, header.Source!.Address);
        Assert.StartsWith("EHLO ", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_proxy_v2_header_from_haproxy_names_the_client_and_the_frontend()
    {
        var (header, _) = await RelayAsync(haproxy.V2);

        Assert.Equal(2, header.Version);
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.Inet, header.Family);
        Assert.Equal(haproxy.V2, header.Destination);
    }

    [Fact]
    public async Task A_send_proxy_v2_header_for_an_IPv6_client_carries_IPv6_endpoints()
    {
        var (header, _) = await RelayAsync(haproxy.V2Ipv6);

        Assert.Equal(ProxyAddressFamily.Inet6, header.Family);
        Assert.Equal(IPAddress.IPv6Loopback, header.Source!.Address);
        Assert.Equal(haproxy.V2Ipv6, header.Destination);
    }

    // Connects through HAProxy, sends a line with a unique token, and reads connections at the backend until the
    // one carrying that token arrives (readiness probes also arrive there). Returns its header and first line.
    private async Task<(ProxyHeader Header, string FirstLine)> RelayAsync(IPEndPoint frontend)
    {
        using var cts = new CancellationTokenSource(Limit);
        using var client = new TcpClient(frontend.AddressFamily);
        await client.ConnectAsync(frontend, cts.Token);
        var token = $"EHLO probe-{Guid.NewGuid():N}.example";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(token + "\r\n"), cts.Token);
        var local = (IPEndPoint)client.Client.LocalEndPoint!;

        while (true)
        {
            using var relayed = await haproxy.Backend.AcceptTcpClientAsync(cts.Token);
            var (header, rest) = await ReadHeaderAsync(relayed.GetStream(), cts.Token);
            if (header is null || !rest.StartsWith(token, StringComparison.Ordinal))
            {
                continue;
            }

            Assert.Equal(local.Port, header.Source!.Port);
            return (header, rest);
        }
    }

    private static async Task<(ProxyHeader? Header, string Remainder)> ReadHeaderAsync(NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[4096];
        var filled = 0;
        using var perConnection = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        perConnection.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), perConnection.Token);
                if (read == 0)
                {
                    return (null, "");
                }

                filled += read;
                var result = ProxyProtocolParser.Parse(buffer.AsSpan(0, filled));
                if (result.Status == ProxyParseStatus.Invalid)
                {
                    throw new InvalidOperationException($"haproxy sent a header we refuse: {result.Error}: {Convert.ToHexString(buffer, 0, filled)}");
                }

                if (result.Status == ProxyParseStatus.Parsed && Encoding.ASCII.GetString(buffer, result.Consumed, filled - result.Consumed).Contains("\r\n", StringComparison.Ordinal))
                {
                    return (result.Header, Encoding.ASCII.GetString(buffer, result.Consumed, filled - result.Consumed));
                }
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // A readiness probe that HAProxy relayed but that never sends a line: not ours.
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A readiness probe's connection, which HAProxy resets when the probe hangs up: not ours either.
        }

        return (null, "");
    }
}
