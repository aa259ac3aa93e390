using ActorTrap.Node.Configuration;
using ActorTrap.Node.Listener;

namespace ActorTrap.Node.Session.Hold;

/// <summary>
/// A held client's tick, every trickle interval: end the hold when its time is up, notice a client that left, send
/// the next line (or byte) of the reply it waits for. The greeting comes first (220- lines until the hold reply time,
/// then 220); then each command gets a trickled 451 the same way. Commands are never read: they are looked at in the
/// receive buffer (peek) and stay there, so a client that keeps talking fills its TCP window and stalls, as spamd's
/// -w does on purpose. QUIT is let go with 221. Only the first <see cref="PeekBytes"/> bytes a client sends are
/// looked at; a client that sent more gets no further replies until its hold ends.
/// </summary>
internal sealed partial class HoldPool
{
    private const int PeekBytes = 4096;

    private readonly byte[] scratch = new byte[PeekBytes];

    private void Tick(int i, long at, long now)
    {
        ref var s = ref slots[i];
        if (now >= s.HoldEnd)
        {
            EndHold(i, now);
            return;
        }

        if (s.Connection!.HasLeft())
        {
            Finish(i, now, []);
            return;
        }

        if ((s.Flags & HeldFlags.Waiting) == 0 && !SendNext(ref s, now))
        {
            Finish(i, now, []);
            return;
        }

        if ((s.Flags & HeldFlags.Waiting) != 0 && !Answer(i, now))
        {
            return;
        }

        due.Enqueue(i, NextDue(at + interval, s.HoldEnd));
    }

    /// <summary>Sends the next line or byte of the reply in progress; false when the client is gone (write failed).</summary>
    private bool SendNext(ref HeldSlot s, long now)
    {
        var lines = (s.Flags & HeldFlags.Greeting) != 0 ? ctx.Replies.HeldGreeting : ctx.Replies.HeldReply;
        bool final;
        if (Options.Trickle == TrickleStyle.Line || s.Offset == 0)
        {
            final = now >= s.ReplyEnd;
            if (final && (s.Flags & HeldFlags.Greeting) != 0 && s.Connection!.Peek(scratch) > 0)
            {
                s.Flags |= HeldFlags.Pregreet; // it talked before our greeting was over
            }
        }
        else
        {
            final = (s.Flags & HeldFlags.FinalLine) != 0;
        }

        var line = final ? lines.Final : lines.Continuation;
        var chunk = Options.Trickle == TrickleStyle.Line ? line : line.AsSpan(s.Offset, 1);
        var result = s.Connection!.Send(chunk);
        if (result == SendResult.Closed)
        {
            return false;
        }

        if (result == SendResult.WouldBlock)
        {
            return true; // it does not read: nothing moves on until it does
        }

        s.BytesOut += chunk.Length;
        s.Trickled += chunk.Length;
        ctx.Metrics.Trickled(chunk.Length);
        s.Offset = Options.Trickle == TrickleStyle.Line ? 0 : (s.Offset + 1) % line.Length;
        s.Flags = final ? s.Flags | HeldFlags.FinalLine : s.Flags & ~HeldFlags.FinalLine;
        if (final && s.Offset == 0)
        {
            s.Flags = (s.Flags | HeldFlags.Waiting) & ~HeldFlags.FinalLine;
        }

        return true;
    }

    /// <summary>
    /// The client's turn: if it sent a command we have not answered, start a trickled 451 to it (its first line at
    /// once), or let it go with 221 if it is QUIT. False when the client's hold ended here.
    /// </summary>
    private bool Answer(int i, long now)
    {
        ref var s = ref slots[i];
        var waiting = scratch.AsSpan(0, s.Connection!.Peek(scratch));
        var line = NthLine(waiting, s.Answered, out var more);
        if (line.IsEmpty)
        {
            return true;
        }

        if (IsQuit(line))
        {
            s.Flags |= HeldFlags.QuitSent;
            Finish(i, now, ctx.Replies.Server[Smtp.Replies.SmtpReplyId.Closing].Bytes.Span);
            return false;
        }

        if (more)
        {
            s.Flags |= HeldFlags.Pipelining; // it did not wait for our reply to this one
        }

        s.Answered++;
        s.ReplyEnd = now + replyTicks;
        s.Flags &= ~(HeldFlags.Waiting | HeldFlags.Greeting);
        if (!SendNext(ref s, now))
        {
            Finish(i, now, []);
            return false;
        }

        return true;
    }

    /// <summary>The <paramref name="n"/>th complete line (with its LF), or empty; <paramref name="more"/>: a later line is complete too.</summary>
    private static ReadOnlySpan<byte> NthLine(ReadOnlySpan<byte> bytes, int n, out bool more)
    {
        more = false;
        var start = 0;
        for (var k = 0; k <= n; k++)
        {
            var end = bytes[start..].IndexOf((byte)'\n');
            if (end < 0)
            {
                return [];
            }

            if (k == n)
            {
                more = bytes[(start + end + 1)..].Contains((byte)'\n');
                return bytes.Slice(start, end + 1);
            }

            start += end + 1;
        }

        return [];
    }

    private static bool IsQuit(ReadOnlySpan<byte> line) =>
        line.Length >= 5 && System.Text.Ascii.EqualsIgnoreCase(line[..4], "QUIT"u8) && line[4] is (byte)'\r' or (byte)'\n' or (byte)' ';
}
