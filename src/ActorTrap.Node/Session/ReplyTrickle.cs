using System.Text;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Session;

/// <summary>
/// One slowly delivered reply to a held client: continuation lines (<c>451-...</c>) until the reply's end time, then
/// the final line (<c>451 ...</c>). With <see cref="TrickleStyle.Line"/> each tick sends one whole line, with
/// <see cref="TrickleStyle.Byte"/> one byte (spamd's stutter). Holds only the two lines; allocation-free per tick.
/// </summary>
internal sealed class ReplyTrickle
{
    private readonly byte[] continuation;
    private readonly byte[] final;
    private readonly DateTimeOffset ends;
    private readonly TrickleStyle style;
    private byte[]? current;
    private int offset;

    /// <param name="lines">The continuation and final line, usually shared by every session (see <see cref="Lines"/>).</param>
    public ReplyTrickle(TrickleLines lines, DateTimeOffset ends, TrickleStyle style)
    {
        continuation = lines.Continuation;
        final = lines.Final;
        this.ends = ends;
        this.style = style;
    }

    /// <param name="code">The three-digit reply code, e.g. 220 or 451.</param>
    /// <param name="text">Text of every line (ASCII, no CR or LF; never attacker bytes).</param>
    public static TrickleLines Lines(int code, string text) =>
        new(Encoding.ASCII.GetBytes($"{code}-{text}\r\n"), Encoding.ASCII.GetBytes($"{code} {text}\r\n"));

    /// <summary>The final line has been written completely.</summary>
    public bool Done { get; private set; }

    /// <summary>Bytes written so far.</summary>
    public long Sent { get; private set; }

    /// <summary>True when part of a line has gone out (byte stutter), so a reply that cuts in must start a new line.</summary>
    public bool MidLine => current is not null && offset > 0 && offset < current.Length;

    /// <summary>What to send on this tick; empty once <see cref="Done"/>.</summary>
    public ReadOnlySpan<byte> Next(DateTimeOffset now)
    {
        if (Done)
        {
            return [];
        }

        if (style == TrickleStyle.Line)
        {
            var line = now >= ends ? final : continuation;
            Done = line == final;
            Sent += line.Length;
            return line;
        }

        if (current is null)
        {
            current = now >= ends ? final : continuation;
            offset = 0;
        }

        var chunk = current.AsSpan(offset++, 1);
        Sent++;
        if (offset == current.Length)
        {
            Done = current == final;
            current = null;
        }

        return chunk;
    }
}

/// <summary>The two encoded lines of a trickled reply: <c>451-text</c> and <c>451 text</c>, with CRLF.</summary>
internal sealed record TrickleLines(byte[] Continuation, byte[] Final);
