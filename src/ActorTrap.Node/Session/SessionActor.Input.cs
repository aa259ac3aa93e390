using ActorTrap.Node.Listener;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Node.Session;

/// <summary>
/// Bytes from the client: cut into lines by the framer and handed to the line handler of the current behaviour. The
/// connection reads the next chunk only after this one was handled, and a session never takes more than
/// <see cref="MaxBytesIn"/> bytes in all (no message body is ever accepted, so no client needs more), so neither
/// memory nor the mailbox can be flooded.
/// </summary>
internal sealed partial class SessionActor
{
    /// <summary>Bytes a client may send in one session before it is cut off: 20 commands of 512 bytes are 10 KiB.</summary>
    internal const int MaxBytesIn = 64 * 1024;

    private SmtpLineFramer? framer;

    /// <summary>What a behaviour does with one line from the client.</summary>
    private delegate void LineHandler(SmtpLineStatus status, ReadOnlySpan<byte> line, SmtpLineEnding ending, bool pipelined);

    /// <summary>Counts and frames a chunk; false when the session ended on it (cut off, or a line ended it).</summary>
    private bool OnData(byte[] bytes, LineHandler onLine)
    {
        if (stage.Over)
        {
            return false;
        }

        bytesIn += bytes.Length;
        framer ??= new SmtpLineFramer(ctx.Options.MaxLineBytes);
        if (bytesIn > MaxBytesIn)
        {
            // Say why (issue 16): a client still sending one line without its end gets "line too long" (it was told 500
            // once the line passed max-line-bytes), not "too many commands", which it never sent.
            var why = framer.IsDiscarding ? Smtp.Replies.SmtpReplyId.LineTooLongClosing : Smtp.Replies.SmtpReplyId.TooManyCommands;
            Send(Replies.Server[why].Bytes.Span);
            End(stage.CutShort(ctx.Options.Mode));
            return false;
        }

        ReadOnlySpan<byte> input = bytes;
        var lines = 0;
        while (!stage.Over)
        {
            var status = framer.Read(ref input, out var line, out var ending);
            if (status == SmtpLineStatus.NeedMoreData)
            {
                break;
            }

            if (status == SmtpLineStatus.Overlong)
            {
                ctx.Metrics.LineTooLong(); // once per line: the framer discards the rest of it silently
            }
            else
            {
                ctx.Metrics.Line();
            }

            onLine(status, line, ending, pipelined: ++lines > 1);
        }

        return !stage.Over;
    }

    private static byte[] BytesOf(object message) => message is ClientData data ? data.Bytes : ((Unread)message).Bytes;

    private static string Escape(ReadOnlySpan<byte> line) => Logging.LogText.Escape(line, 40);
}
