using System.Text;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Proxy;
using ActorTrap.Smtp.Replies;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Smtp;

/// <summary>
/// A framer pass over a typical observe-mode session (8 lines in one read) on its own, and the same lines
/// through framer and dialogue; figures are per line (OperationsPerInvoke). Plus a PROXY v2 header.
/// </summary>
[MemoryDiagnoser]
public class SmtpSessionBenchmarks
{
    private const int LinesPerSession = 8;

    private static readonly byte[] Session = Encoding.ASCII.GetBytes(
        "EHLO client.example.org\r\nMAIL FROM:<sender@example.org> SIZE=2048\r\nRCPT TO:<victim@target.example>\r\n" +
        "RCPT TO:<other@target.example>\r\nNOOP\r\nRSET\r\nDATA\r\nQUIT\r\n");

    private static readonly byte[] ProxyV2 =
    [
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
        203, 0, 113, 7, 198, 51, 100, 25, 0x9C, 0x40, 0x00, 0x19,
    ];

    private readonly SmtpDialogueOptions _options = new(new SmtpServerReplies("trap.example"), SmtpPolicy.Observe);
    private readonly SmtpLineFramer _framer = new();

    [Benchmark(OperationsPerInvoke = LinesPerSession)]
    public int FramerPerLine()
    {
        ReadOnlySpan<byte> input = Session;
        var total = 0;
        while (_framer.Read(ref input, out var line, out _) == SmtpLineStatus.Line)
        {
            total += line.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = LinesPerSession)]
    public int FramerAndDialoguePerLine()
    {
        var dialogue = new SmtpDialogue(_options);
        ReadOnlySpan<byte> input = Session;
        var total = 0;
        while (_framer.Read(ref input, out var line, out var ending) == SmtpLineStatus.Line)
        {
            total += dialogue.OnLine(line, ending).Reply.Bytes.Length;
        }

        return total;
    }

    [Benchmark]
    public int ProxyV2Header() => ProxyProtocolParser.Parse(ProxyV2).Consumed;
}
