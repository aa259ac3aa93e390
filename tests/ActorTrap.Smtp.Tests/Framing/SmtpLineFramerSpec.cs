using System.Buffers;
using System.Text;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Smtp.Tests.Framing;

public sealed class SmtpLineFramerSpec
{
    private sealed record Frame(SmtpLineStatus Status, string Line, SmtpLineEnding Ending);

    [Fact]
    public void Lines_ending_in_CRLF_come_out_without_their_ending()
    {
        var frames = Feed(new SmtpLineFramer(), "HELO a\r\nNOOP\r\n");

        Assert.Equal([new Frame(SmtpLineStatus.Line, "HELO a", SmtpLineEnding.CrLf), new Frame(SmtpLineStatus.Line, "NOOP", SmtpLineEnding.CrLf)], frames);
    }

    [Fact]
    public void A_bare_LF_ends_a_line_and_is_reported_as_such()
    {
        var frames = Feed(new SmtpLineFramer(), "HELO a\nQUIT\r\n");

        Assert.Equal(SmtpLineEnding.BareLf, frames[0].Ending);
        Assert.Equal("HELO a", frames[0].Line);
        Assert.Equal(SmtpLineEnding.CrLf, frames[1].Ending);
    }

    [Fact]
    public void A_CR_inside_a_line_stays_in_the_line()
    {
        var frames = Feed(new SmtpLineFramer(), "NO\rOP\r\n");

        Assert.Equal("NO\rOP", frames.Single().Line);
    }

    [Fact]
    public void Empty_lines_are_lines()
    {
        var frames = Feed(new SmtpLineFramer(), "\r\n\n");

        Assert.Equal([new Frame(SmtpLineStatus.Line, "", SmtpLineEnding.CrLf), new Frame(SmtpLineStatus.Line, "", SmtpLineEnding.BareLf)], frames);
    }

    [Fact]
    public void A_line_fed_one_byte_at_a_time_is_reassembled()
    {
        var framer = new SmtpLineFramer();
        var frames = new List<Frame>();
        foreach (var b in Encoding.ASCII.GetBytes("MAIL FROM:<a@b.example>\r\nRSET\n"))
        {
            frames.AddRange(Feed(framer, [b]));
        }

        Assert.Equal([new Frame(SmtpLineStatus.Line, "MAIL FROM:<a@b.example>", SmtpLineEnding.CrLf), new Frame(SmtpLineStatus.Line, "RSET", SmtpLineEnding.BareLf)], frames);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void A_CR_at_the_end_of_one_read_and_LF_at_the_start_of_the_next_make_a_CRLF()
    {
        var framer = new SmtpLineFramer();
        Assert.Empty(Feed(framer, "NOOP\r"));
        Assert.Equal(5, framer.BufferedBytes);

        var frames = Feed(framer, "\n");

        Assert.Equal(new Frame(SmtpLineStatus.Line, "NOOP", SmtpLineEnding.CrLf), frames.Single());
    }

    [Fact]
    public void A_line_of_exactly_the_limit_including_CRLF_is_accepted()
    {
        var content = new string('x', 510);

        var frames = Feed(new SmtpLineFramer(512), content + "\r\n");

        Assert.Equal(content, frames.Single().Line);
    }

    [Fact]
    public void A_line_one_byte_over_the_limit_is_overlong_and_the_next_line_is_read_normally()
    {
        var frames = Feed(new SmtpLineFramer(512), new string('x', 511) + "\r\nQUIT\r\n");

        Assert.Equal(SmtpLineStatus.Overlong, frames[0].Status);
        Assert.Equal(new Frame(SmtpLineStatus.Line, "QUIT", SmtpLineEnding.CrLf), frames[1]);
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public void An_endless_line_is_reported_once_and_never_buffered_beyond_the_limit()
    {
        var framer = new SmtpLineFramer(512);
        var frames = new List<Frame>();
        var chunk = new string('A', 100);
        for (var i = 0; i < 1_000; i++)
        {
            frames.AddRange(Feed(framer, chunk));
            Assert.True(framer.BufferedBytes < 512);
        }

        frames.AddRange(Feed(framer, "tail\r\nNOOP\r\n"));

        Assert.Equal([SmtpLineStatus.Overlong, SmtpLineStatus.Line], frames.Select(f => f.Status));
        Assert.Equal("NOOP", frames[1].Line);
        Assert.False(framer.IsDiscarding);
    }

    [Fact]
    public void An_overlong_line_that_arrives_whole_is_discarded_up_to_its_LF()
    {
        var frames = Feed(new SmtpLineFramer(16), new string('y', 40) + "\nHELO x\r\n");

        Assert.Equal([SmtpLineStatus.Overlong, SmtpLineStatus.Line], frames.Select(f => f.Status));
        Assert.Equal("HELO x", frames[1].Line);
    }

    [Fact]
    public void A_partial_line_that_grows_past_the_limit_is_overlong_at_once()
    {
        var framer = new SmtpLineFramer(16);
        Assert.Empty(Feed(framer, "0123456789"));

        var frames = Feed(framer, "0123456789");

        Assert.Equal(SmtpLineStatus.Overlong, frames.Single().Status);
        Assert.True(framer.IsDiscarding);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void A_sequence_of_several_segments_yields_the_same_lines_as_one_span()
    {
        var text = "EHLO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.example>\nDATA\r\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var cut = 1; cut < bytes.Length; cut += 3)
        {
            var sequence = Segments(bytes, cut);
            var framer = new SmtpLineFramer();
            var lines = new List<string>();
            while (framer.Read(ref sequence, out var line, out _) == SmtpLineStatus.Line)
            {
                lines.Add(Encoding.ASCII.GetString(line));
            }

            Assert.Equal(["EHLO client.example", "MAIL FROM:<>", "RCPT TO:<x@y.example>", "DATA"], lines);
            Assert.True(sequence.IsEmpty);
        }
    }

    [Fact]
    public void Reset_forgets_a_partial_line()
    {
        var framer = new SmtpLineFramer();
        Feed(framer, "HEL");

        framer.Reset();

        Assert.Equal("NOOP", Feed(framer, "NOOP\r\n").Single().Line);
    }

    [Fact]
    public void A_limit_below_three_bytes_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpLineFramer(2));
    }

    private static List<Frame> Feed(SmtpLineFramer framer, string text) => Feed(framer, Encoding.Latin1.GetBytes(text));

    private static List<Frame> Feed(SmtpLineFramer framer, byte[] bytes)
    {
        var frames = new List<Frame>();
        ReadOnlySpan<byte> input = bytes;
        SmtpLineStatus status;
        while ((status = framer.Read(ref input, out var line, out var ending)) != SmtpLineStatus.NeedMoreData)
        {
            frames.Add(new Frame(status, Encoding.Latin1.GetString(line), ending));
        }

        Assert.True(input.IsEmpty);
        return frames;
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        var chunks = bytes.Chunk(size).ToArray();
        var first = new Segment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
