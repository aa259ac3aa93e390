using ActorTrap.Smtp.Framing;

namespace ActorTrap.Node.Session;

/// <summary>
/// Bytes from the client: cut into lines by the framer and dispatched by phase. The connection reads the next chunk
/// only after this one was handled, and a session never takes more than <see cref="MaxBytesIn"/> bytes in all (no
/// message body is ever accepted, so no client needs more), so neither memory nor the mailbox can be flooded.
/// </summary>
internal sealed partial class SessionActor
{
    /// <summary>Bytes a client may send in one session before it is cut off: 20 commands of 512 bytes are 10 KiB.</summary>
    internal const int MaxBytesIn = 64 * 1024;

    // Lines a pregreeting client sends before our final 220 are kept (bounded) and answered after it.
    private const int MaxEarlyLines = 8;

    private SmtpLineFramer? framer;

    private void OnData(byte[] bytes)
    {
        if (ended)
        {
            return;
        }

        bytesIn += bytes.Length;
        if (bytesIn > MaxBytesIn)
        {
            Send(Replies.Server[Smtp.Replies.SmtpReplyId.TooManyCommands].Bytes.Span);
            End(OutcomeNow());
            return;
        }

        ReadOnlySpan<byte> input = bytes;
        if (phase == Phase.ProxyHeader)
        {
            if (!ProxyData(ref input))
            {
                return;
            }

            // The header is read; the client's own bytes are polled like anyone else's until it is greeted.
            evented = false;
        }

        framer ??= new SmtpLineFramer(ctx.Options.MaxLineBytes);
        var lines = 0;
        while (!ended)
        {
            var status = framer.Read(ref input, out var line, out var ending);
            if (status == SmtpLineStatus.NeedMoreData)
            {
                break;
            }

            ctx.Metrics.Line();
            OnLine(status, line, ending, pipelined: ++lines > 1);
        }

        if (!ended && evented)
        {
            connection.ResumeReading();
        }
    }

    private void OnLine(SmtpLineStatus status, ReadOnlySpan<byte> line, SmtpLineEnding ending, bool pipelined)
    {
        switch (phase)
        {
            case Phase.Lookup:
                AddSin(SinKind.Pregreet, Escape(line));
                break;
            case Phase.Greeting:
                AddSin(SinKind.Pregreet, Escape(line));
                early ??= [];
                if (early.Count < MaxEarlyLines && status == SmtpLineStatus.Line)
                {
                    early.Add(line.ToArray());
                }

                break;
            case Phase.Talking or Phase.QuitWait when status == SmtpLineStatus.Overlong:
                TalkOverlong();
                break;
            case Phase.Talking or Phase.QuitWait:
                TalkLine(line, ending, pipelined);
                break;
        }
    }

    private static string Escape(ReadOnlySpan<byte> line) => Logging.LogText.Escape(line, 40);
}
