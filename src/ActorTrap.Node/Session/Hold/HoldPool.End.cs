using System.Text;
using ActorTrap.Node.Listener;
using ActorTrap.Node.Logging;
using ActorTrap.Smtp.Analysis;

namespace ActorTrap.Node.Session.Hold;

/// <summary>
/// The end of a hold, whatever ends it: the last line, the verdict (counted before the socket closes and the caps are
/// given back, as a session does, so whoever sees the client gone also sees its verdict), close, free the slot.
/// </summary>
internal sealed partial class HoldPool
{
    // What a held client sent and nobody read is taken before the close (bounded as a session's input is), so the
    // close is a FIN after our last line and not a reset that could overtake it.
    private const int MaxDrainReads = SessionActor.MaxBytesIn / 2048;

    private void EndHold(int i, long now)
    {
        ref var s = ref slots[i];
        if (s.Offset > 0 && s.Connection!.Send("\r\n"u8) == SendResult.Sent)
        {
            s.BytesOut += 2;
        }

        Finish(i, now, ctx.Replies.HoldOver);
    }

    /// <summary>421 to every held client (the node is stopping) and every verdict emitted; returns how many.</summary>
    private int ReleaseAll()
    {
        var n = 0;
        var now = Now;
        lock (gate)
        {
            for (var i = 0; i < used; i++)
            {
                if (slots[i].Connection is not null)
                {
                    Finish(i, now, slots[i].Offset > 0 ? ctx.Replies.MidLineShutdown : ctx.Replies.Shutdown);
                    n++;
                }
            }

            due.Clear();
        }

        if (n > 0)
        {
            Log.HoldReleased(ctx.Logger, path, n);
        }

        return n;
    }

    private void Finish(int i, long now, ReadOnlySpan<byte> last)
    {
        ref var s = ref slots[i];
        var connection = s.Connection!;
        try
        {
            if (!last.IsEmpty && connection.Send(last) == SendResult.Sent)
            {
                s.BytesOut += last.Length;
            }

            var helo = PeekHelo(connection);
            s.BytesIn += Drain(connection);
            Emit(in s, now, helo);
        }
        finally
        {
            connection.Close();
            ctx.Gate.ReleaseHold();
            ctx.Metrics.HoldEnded(s.HeldSince);
            if ((s.Flags & HeldFlags.CountedClient) != 0)
            {
                ctx.Gate.RemoveClient(s.Client);
            }

            s = default;
            free.Push(i);
            count--;
        }
    }

    private static long Drain(IClientConnection connection)
    {
        var n = 0L;
        for (var k = 0; k < MaxDrainReads && connection.Poll(out _) is { } bytes; k++)
        {
            n += bytes.Length;
        }

        return n;
    }

    /// <summary>The name a held client gave in HELO or EHLO, looked at once, at the end, in what it sent unread.</summary>
    private string? PeekHelo(IClientConnection connection)
    {
        var bytes = scratch.AsSpan(0, connection.Peek(scratch));
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            var line = bytes[..end].TrimEnd((byte)'\r');
            if (line.Length > 5 && (Ascii.EqualsIgnoreCase(line[..5], "HELO "u8) || Ascii.EqualsIgnoreCase(line[..5], "EHLO "u8)))
            {
                var name = line[5..].Trim((byte)' ');
                return name.IsEmpty ? null : Encoding.Latin1.GetString(name[..Math.Min(name.Length, 255)]);
            }

            bytes = bytes[(end + 1)..];
        }

        return null;
    }

    private void Emit(in HeldSlot s, long now, string? helo)
    {
        var sins = FinalSins(in s, helo is null ? null : JudgeHelo(in s, helo));
        var score = sins.Sum(x => x.Weight);
        var v = new Verdict(s.Client, ctx.Node, new DateTimeOffset(s.Started, TimeSpan.Zero), new DateTimeOffset(now, TimeSpan.Zero),
            Options.Mode, SessionOutcome.Held, s.Dnsbl, sins, score, helo, null, [], (s.Flags & HeldFlags.QuitSent) != 0, s.BytesIn, s.BytesOut);
        ctx.Sink.Submit(v);
        ctx.Metrics.SessionEnded(v);
        ctx.Lines?.Ended(v);
    }

    /// <summary>The HELO sins, judged as a session judges them (no recipient domains: a held client's envelope is not read).</summary>
    private List<Sin> JudgeHelo(in HeldSlot s, string helo)
    {
        var findings = HeloAnalyzer.Analyze(helo, s.Client, ctx.Replies.Identity(s.Connection!.Local.Address), []);
        var detail = LogText.Escape(helo, 60);
        return [.. SessionVerdictBuilder.HeloSins.Where(x => (findings & x.Finding) != 0).Select(x => new Sin(x.Kind, Options.SinWeights[x.Kind], detail))];
    }

    /// <summary>The session's sins, the DNSBL listing's, plus what the pool saw: talking before the greeting ended, not waiting for a reply.</summary>
    private IReadOnlyList<Sin> FinalSins(in HeldSlot s, List<Sin>? more = null)
    {
        var listed = s.Dnsbl is null ? null : SessionVerdictBuilder.DnsblSin(s.Dnsbl, Options.SinWeights);
        if ((s.Flags & (HeldFlags.Pregreet | HeldFlags.Pipelining)) == 0 && more is null && listed is null)
        {
            return s.Sins;
        }

        var all = new List<Sin>(s.Sins);
        if (listed is not null)
        {
            all.Add(listed);
        }

        foreach (var sin in more ?? [])
        {
            if (!all.Exists(x => x.Kind == sin.Kind))
            {
                all.Add(sin);
            }
        }

        Add(all, HeldFlags.Pregreet, SinKind.Pregreet, s.Flags);
        Add(all, HeldFlags.Pipelining, SinKind.Pipelining, s.Flags);
        return all;

        void Add(List<Sin> list, HeldFlags flag, SinKind kind, HeldFlags flags)
        {
            if ((flags & flag) != 0 && !list.Exists(x => x.Kind == kind))
            {
                list.Add(new Sin(kind, Options.SinWeights[kind], null));
            }
        }
    }
}
