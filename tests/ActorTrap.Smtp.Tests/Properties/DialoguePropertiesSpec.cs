using System.Text;
using ActorTrap.Smtp.Commands;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Replies;
using FsCheck;
using FsCheck.Fluent;

namespace ActorTrap.Smtp.Tests.Properties;

public sealed class DialoguePropertiesSpec
{
    private static readonly SmtpServerReplies Replies = new("trap.example");

    private static readonly Gen<string> Commands = Gen.Elements(
        "HELO client.example", "EHLO client.example", "ehlo other.example", "HELO", "HELO 192.0.2.1",
        "MAIL FROM:<a@b.example>", "MAIL FROM:<>", "mail from: <x@y.example> SIZE=100", "MAIL FROM:<broken",
        "RCPT TO:<c@d.example>", "RCPT TO:<postmaster>", "RCPT TO:<>", "rcpt to:<e@f.example>",
        "DATA", "data", "DATA now", "BDAT 100 LAST", "BDAT 0", "bdat x",
        "RSET", "NOOP", "QUIT", "quit now", "VRFY root", "EXPN list", "HELP", "STARTTLS", "AUTH PLAIN xyz",
        "GET / HTTP/1.1", "CONNECT a:25", "Host: x", "USER x", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2", "", "XYZZY",
        "Subject: test", ".", "354 go ahead", "250 OK");

    private static readonly Gen<string> Garbage = Gen.ArrayOf(Gen.Elements(
            'A', 'D', 'T', 'a', ' ', ':', '<', '>', '@', '"', '\\', '\r', '\n', '\0', '\t', '\u00ff', '\u0016', '.', '[', ']'))
        .Select(cs => new string(cs));

    private static readonly Gen<string> Lines = Gen.Frequency((8, Commands), (2, Garbage));

    // Half the sessions start with a plausible opening so that DATA is often reached in the state where it counts.
    private static readonly string[] Opening = ["EHLO client.example", "MAIL FROM:<a@b.example>", "RCPT TO:<c@d.example>"];

    private static readonly Gen<List<string>> Sessions =
        from opening in Gen.Choose(0, Opening.Length)
        from rest in Gen.ListOf(Lines)
        select Opening.Take(opening).Concat(rest).ToList();

    private static readonly Gen<SmtpDialogueOptions> Options =
        from policy in Gen.Elements(SmtpPolicy.Observe, SmtpPolicy.Tarpit)
        from maxErrors in Gen.Choose(1, 30)
        from maxCommands in Gen.Choose(1, 120)
        from closeOnNonSmtp in Gen.Elements(true, false)
        select new SmtpDialogueOptions(Replies, policy) { MaxErrors = maxErrors, MaxCommands = maxCommands, CloseOnNonSmtp = closeOnNonSmtp };

    [Fact]
    public void No_sequence_of_lines_gets_DATA_or_BDAT_accepted_or_any_3xx_reply()
    {
        Prop.ForAll(Options.ToArbitrary(), Sessions.ToArbitrary(), (options, lines) =>
        {
            var dialogue = new SmtpDialogue(options);
            foreach (var line in lines)
            {
                var result = dialogue.OnLine(Encoding.Latin1.GetBytes(line), SmtpLineEnding.CrLf);
                if (result.Command?.Verb is SmtpVerb.Data or SmtpVerb.Bdat && result.Reply.Code < 400)
                {
                    return false;
                }

                if (result.Reply.Code is >= 300 and < 400)
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3_000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Every_reply_is_well_formed_lines_each_ending_in_CRLF()
    {
        Prop.ForAll(Options.ToArbitrary(), Sessions.ToArbitrary(), (options, lines) =>
        {
            var dialogue = new SmtpDialogue(options);
            return lines.All(line => WellFormed(dialogue.OnLine(Encoding.Latin1.GetBytes(line), SmtpLineEnding.BareLf).Reply))
                && WellFormed(dialogue.OnOverlongLine().Reply);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Once_closed_a_dialogue_stays_closed_and_records_nothing_more()
    {
        Prop.ForAll(Options.ToArbitrary(), Sessions.ToArbitrary(), (options, lines) =>
        {
            var dialogue = new SmtpDialogue(options);
            var closed = false;
            var quitAtClose = false;
            var heloAtClose = (string?)null;
            foreach (var line in lines)
            {
                var result = dialogue.OnLine(Encoding.Latin1.GetBytes(line), line.Length % 2 == 0 ? SmtpLineEnding.CrLf : SmtpLineEnding.BareLf);
                if (closed && (!result.Close || result.Events != SmtpEvents.None || dialogue.QuitReceived != quitAtClose || dialogue.Helo != heloAtClose))
                {
                    return false;
                }

                if (result.Close && !closed)
                {
                    (closed, quitAtClose, heloAtClose) = (true, dialogue.QuitReceived, dialogue.Helo);
                }

                if (dialogue.IsClosed != closed)
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void The_error_and_command_limits_always_end_the_session()
    {
        Prop.ForAll(Options.ToArbitrary(), Sessions.ToArbitrary(), (options, lines) =>
        {
            var dialogue = new SmtpDialogue(options);
            foreach (var line in lines)
            {
                dialogue.OnLine(Encoding.Latin1.GetBytes(line), SmtpLineEnding.CrLf);
            }

            return dialogue.Commands <= options.MaxCommands + 1 && dialogue.Errors <= options.MaxErrors
                && (dialogue.IsClosed || (dialogue.Commands <= options.MaxCommands && dialogue.Errors < options.MaxErrors));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Any_byte_stream_cut_anywhere_frames_into_the_same_lines_and_never_throws()
    {
        var bytes = Gen.ArrayOf(Gen.Frequency(
            (6, Gen.Elements((byte)'A', (byte)'N', (byte)'O', (byte)'P', (byte)' ')),
            (2, Gen.Elements((byte)'\r', (byte)'\n')),
            (1, Gen.Choose(0, 255).Select(i => (byte)i))));
        var cuts = Gen.ArrayOf(Gen.Choose(1, 40));

        Prop.ForAll(bytes.ToArbitrary(), cuts.ToArbitrary(), Gen.Choose(3, 40).ToArbitrary(), (data, chunkSizes, max) =>
        {
            var whole = Frame(data, [data.Length + 1], max);
            var pieces = Frame(data, chunkSizes.Length == 0 ? [1] : chunkSizes, max);
            return whole.SequenceEqual(pieces);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3_000).WithQuietOnSuccess(true));
    }

    // Frames data fed in chunks of the given sizes (cycled); each result as text, checking the buffer bound.
    private static List<string> Frame(byte[] data, int[] chunkSizes, int max)
    {
        using var framer = new SmtpLineFramer(max);
        var frames = new List<string>();
        var at = 0;
        for (var i = 0; at < data.Length; i++)
        {
            var size = Math.Min(chunkSizes[i % chunkSizes.Length], data.Length - at);
            ReadOnlySpan<byte> input = data.AsSpan(at, size);
            at += size;
            SmtpLineStatus status;
            while ((status = framer.Read(ref input, out var line, out var ending)) != SmtpLineStatus.NeedMoreData)
            {
                frames.Add(status == SmtpLineStatus.Overlong ? "<overlong>" : $"{ending}:{Convert.ToHexString(line)}");
            }

            if (framer.BufferedBytes >= max)
            {
                throw new InvalidOperationException($"buffered {framer.BufferedBytes} of max {max}");
            }
        }

        return frames;
    }

    private static bool WellFormed(SmtpReply reply)
    {
        var bytes = reply.Bytes.Span;
        if (bytes.Length < 6 || bytes[^2] != '\r' || bytes[^1] != '\n')
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes[..^2]);
        var lines = text.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length < 4 || !line[..3].All(char.IsAsciiDigit) || line[3] != (i == lines.Length - 1 ? ' ' : '-')
                || line.Any(c => c is < ' ' or > '~') || line.Length + 2 > SmtpReply.MaxLineBytes)
            {
                return false;
            }
        }

        return true;
    }
}
