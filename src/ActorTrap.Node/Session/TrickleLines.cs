using System.Text;

namespace ActorTrap.Node.Session;

/// <summary>
/// The two encoded lines of a reply trickled to a held client: <c>451-text</c> (sent every trickle interval, whole or a
/// byte at a time) and <c>451 text</c> (its end), with CRLF. Shared by every held client, so trickling allocates nothing.
/// </summary>
internal sealed record TrickleLines(byte[] Continuation, byte[] Final)
{
    /// <param name="code">The three-digit reply code, e.g. 220 or 451.</param>
    /// <param name="text">Text of every line (ASCII, no CR or LF; never attacker bytes).</param>
    public static TrickleLines Of(int code, string text) =>
        new(Encoding.ASCII.GetBytes($"{code}-{text}\r\n"), Encoding.ASCII.GetBytes($"{code} {text}\r\n"));
}
