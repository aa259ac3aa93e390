using System.Text;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;
using ActorTrap.Smtp.Replies;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Smtp;

/// <summary>
/// What the SMTP state of one held session costs: a framer and a dialogue that has seen EHLO, MAIL and RCPT (its
/// strings included). Measured in setup as the GC.GetTotalMemory delta over 100,000 sessions and printed as
/// "SmtpSessionStateRetainedBytes"; the benchmark times creating one and running the three commands.
/// </summary>
[MemoryDiagnoser]
public class SmtpSessionStateMemoryBenchmarks
{
    private const int Sessions = 100_000;

    private static readonly byte[] Opening = Encoding.ASCII.GetBytes(
        "EHLO client.example.org\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<victim@target.example>\r\n");

    private static readonly SmtpDialogueOptions Options = new(new SmtpServerReplies("trap.example"), SmtpPolicy.Tarpit);

    [GlobalSetup]
    public void Setup()
    {
        var held = new (SmtpLineFramer, SmtpDialogue)[Sessions];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Sessions; i++)
        {
            held[i] = Open();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        var perSession = (after - before - (long)(2 * IntPtr.Size * Sessions)) / (double)Sessions;
        Console.WriteLine($"// SmtpSessionStateRetainedBytes: {perSession:F0}");
    }

    [Benchmark]
    public (SmtpLineFramer, SmtpDialogue) OpenSession() => Open();

    private static (SmtpLineFramer, SmtpDialogue) Open()
    {
        var framer = new SmtpLineFramer();
        var dialogue = new SmtpDialogue(Options);
        ReadOnlySpan<byte> input = Opening;
        while (framer.Read(ref input, out var line, out var ending) == SmtpLineStatus.Line)
        {
            dialogue.OnLine(line, ending);
        }

        return (framer, dialogue);
    }
}
