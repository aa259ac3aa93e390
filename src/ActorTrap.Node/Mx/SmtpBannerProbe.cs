using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Node.Mx;

/// <summary>
/// One connect to a primary MX: a "220" greeting line means answering; refused, reset, another code, or nothing
/// before <paramref name="cancellationToken"/> fires (the probe timeout, on the watch actor's clock) means not.
/// Says QUIT and closes without waiting for the 221: the probe needs the banner only.
/// </summary>
internal static class SmtpBannerProbe
{
    /// <summary>RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; more without CRLF is not SMTP.</summary>
    private const int MaxLine = 512;

    private static readonly byte[] Quit = "QUIT\r\n"u8.ToArray();

    public static async Task<(ProbeState State, string Detail)> RunAsync(string host, int port, CancellationToken cancellationToken)
    {
        var target = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var line = await ReadLineAsync(socket, cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return (ProbeState.NotAnswering, $"{target} closed without a greeting");
            }

            if (!line.StartsWith("220", StringComparison.Ordinal))
            {
                return (ProbeState.NotAnswering, $"{target} greeted with \"{Logging.LogText.Escape(line, 40)}\"");
            }

            try
            {
                await socket.SendAsync(Quit, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // It answered; how it takes our goodbye does not change that.
            }

            return (ProbeState.Answering, $"{target} answered 220");
        }
        catch (OperationCanceledException)
        {
            return (ProbeState.NotAnswering, $"{target} sent no greeting within the probe timeout");
        }
        catch (SocketException e)
        {
            return (ProbeState.NotAnswering, $"{target} {e.SocketErrorCode}");
        }
    }

    /// <summary>The first line without its CRLF, or null when the peer closed first; bounded by <see cref="MaxLine"/> bytes.</summary>
    private static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxLine];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return filled == 0 ? null : Encoding.ASCII.GetString(buffer, 0, filled);
            }

            var end = Array.IndexOf(buffer, (byte)'\n', filled, n);
            filled += n;
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end).TrimEnd('\r');
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, filled);
    }
}
