using System.Text;
using ActorTrap.Smtp.Commands;
using BenchmarkDotNet.Attributes;

namespace ActorTrap.Benchmarks.Smtp;

/// <summary>Parsing one command line (issue 4): ns per line and what it allocates (strings only for names and paths).</summary>
[MemoryDiagnoser]
public class SmtpParseBenchmarks
{
    private byte[] _line = [];

    [Params("EHLO client.example.org", "MAIL FROM:<sender@example.org> SIZE=2048", "RCPT TO:<victim@target.example>", "DATA", "QUIT", "GET / HTTP/1.1")]
    public string Line { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _line = Encoding.ASCII.GetBytes(Line);

    [Benchmark]
    public SmtpCommand Parse()
    {
        SmtpCommandParser.TryParse(_line, out var command, out _);
        return command;
    }
}
