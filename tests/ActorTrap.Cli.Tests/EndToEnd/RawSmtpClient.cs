using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorTrap.Cli.Tests.EndToEnd;

/// <summary>A plain TCP SMTP client bound to a chosen loopback source address, reading what the server trickles.</summary>
internal sealed class RawSmtpClient : IDisposable
{
    private readonly Socket socket;
    private readonly StringBuilder received = new();

    private RawSmtpClient(Socket socket)
    {
        this.socket = socket;
    }

    /// <summary>Lines received with the time since connect at which each was complete.</summary>
    public List<(TimeSpan At, string Line)> Lines { get; } = [];

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public static async Task<RawSmtpClient> ConnectAsync(IPAddress source, IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server).WaitAsync(TimeSpan.FromSeconds(10));
        return new RawSmtpClient(socket);
    }

    public async Task SendAsync(string line) => await socket.SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"), SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5));

    /// <summary>Sends <paramref name="text"/> as it is, in one write: several commands at once (pipelining) or lines ending in a bare LF.</summary>
    public async Task SendRawAsync(string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5));

    /// <summary>Reads until the final line of a reply (<c>NNN</c> followed by a space or nothing) arrives; returns it, or null if the server closed or time ran out.</summary>
    public async Task<string?> ReadReplyAsync(TimeSpan limit)
    {
        var before = Lines.Count;
        if (!await ReadAsync(limit, stopAt: null, IsFinalReplyLine))
        {
            return null;
        }

        return Lines.Count > before ? Lines[^1].Line : null;
    }

    private static bool IsFinalReplyLine(string line) => line.Length >= 3 && char.IsAsciiDigit(line[0]) && (line.Length == 3 || line[3] == ' ');

    /// <summary>Reads until the server closes or <paramref name="limit"/> passes; returns whether it closed.</summary>
    public async Task<bool> ReadUntilClosedAsync(TimeSpan limit) => await ReadAsync(limit, stopAt: null, stopWhen: null);

    /// <summary>Reads until a line starting with <paramref name="prefix"/> arrives (true), the server closes or time runs out.</summary>
    public async Task<bool> ReadUntilLineAsync(string prefix, TimeSpan limit) => await ReadAsync(limit, stopAt: prefix, stopWhen: null);

    private async Task<bool> ReadAsync(TimeSpan limit, string? stopAt, Func<string, bool>? stopWhen)
    {
        var stop = stopWhen ?? (stopAt is null ? null : line => line.StartsWith(stopAt, StringComparison.Ordinal));
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(limit);
        try
        {
            // Lines that came in the same read as the one the previous call stopped at are looked at first: a
            // server that answers a pregreeting client's EHLO right after its final 220 often sends both in one go.
            if (TakeLines(stop))
            {
                return true;
            }

            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return stop is null;
                }

                received.Append(Encoding.Latin1.GetString(buffer, 0, n));
                if (TakeLines(stop))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return stop is null; // reset by the server counts as closed
        }
    }

    /// <summary>Moves the complete lines received into <see cref="Lines"/>, up to and including one <paramref name="stop"/> accepts.</summary>
    private bool TakeLines(Func<string, bool>? stop)
    {
        var text = received.ToString();
        int end;
        while ((end = text.IndexOf("\r\n", StringComparison.Ordinal)) >= 0)
        {
            var line = text[..end];
            Lines.Add((Clock.Elapsed, line));
            text = text[(end + 2)..];
            if (stop is not null && stop(line))
            {
                received.Clear().Append(text);
                return true;
            }
        }

        received.Clear().Append(text);
        return false;
    }

    public void Dispose() => socket.Dispose();
}
