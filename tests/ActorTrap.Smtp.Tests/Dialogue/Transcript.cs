using System.Text;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Framing;

namespace ActorTrap.Smtp.Tests.Dialogue;

/// <summary>
/// Replays a recorded exchange against a dialogue: "C: " lines are what the client sends (through the real
/// framer, CRLF added; "C\n: " sends a bare LF), "S: " lines the reply expected to the preceding client line
/// (consecutive S lines form one multi-line reply), and "== closed" says the connection must close after it.
/// </summary>
internal static class Transcript
{
    public static List<SmtpDialogueResult> Run(SmtpDialogue dialogue, string script, int maxLineBytes = SmtpLineFramer.DefaultMaxLineBytes)
    {
        using var framer = new SmtpLineFramer(maxLineBytes);
        var results = new List<SmtpDialogueResult>();
        var steps = Parse(script);
        foreach (var (client, ending, expected, closes) in steps)
        {
            ReadOnlySpan<byte> input = Encoding.Latin1.GetBytes(client + ending);
            var answered = new List<SmtpDialogueResult>();
            SmtpLineStatus status;
            while ((status = framer.Read(ref input, out var line, out var lineEnding)) != SmtpLineStatus.NeedMoreData)
            {
                answered.Add(status == SmtpLineStatus.Line ? dialogue.OnLine(line, lineEnding) : dialogue.OnOverlongLine());
            }

            var result = Assert.Single(answered);
            Assert.Equal(expected, result.Reply.ToString());
            Assert.True(closes == result.Close, $"after \"{client}\" close expected {closes}, was {result.Close}");
            results.Add(result);
        }

        return results;
    }

    private static List<(string Client, string Ending, string Expected, bool Closes)> Parse(string script)
    {
        var steps = new List<(string, string, string, bool)>();
        string? client = null;
        var ending = "\r\n";
        var expected = new List<string>();
        var closes = false;
        foreach (var raw in script.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("C: ", StringComparison.Ordinal) || line.StartsWith("C\\n: ", StringComparison.Ordinal))
            {
                Flush();
                var bare = line.StartsWith("C\\n: ", StringComparison.Ordinal);
                client = line[(bare ? 5 : 3)..];
                ending = bare ? "\n" : "\r\n";
            }
            else if (line.StartsWith("S: ", StringComparison.Ordinal))
            {
                expected.Add(line[3..]);
            }
            else if (line == "== closed")
            {
                closes = true;
            }
            else
            {
                throw new FormatException($"transcript line '{line}'");
            }
        }

        Flush();
        return steps;

        void Flush()
        {
            if (client is not null)
            {
                steps.Add((client, ending, string.Join("\r\n", expected), closes));
            }

            client = null;
            expected.Clear();
            closes = false;
        }
    }
}
