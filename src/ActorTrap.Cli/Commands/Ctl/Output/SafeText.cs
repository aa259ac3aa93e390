using System.Text;
using Spectre.Console;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// Text from the node can carry what a client sent (a HELO name): control characters are shown as <c>\xNN</c> so
/// they cannot drive the operator's terminal, and Spectre markup is escaped so brackets print as brackets.
/// </summary>
internal static class SafeText
{
    public static string Plain(string text, int maxChars = 200)
    {
        var b = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        foreach (var c in text)
        {
            if (b.Length >= maxChars)
            {
                b.Append('…');
                break;
            }

            if (char.IsControl(c))
            {
                b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    public static string Markup(string text, int maxChars = 200) => Spectre.Console.Markup.Escape(Plain(text, maxChars));

    public static Text Cell(string text, int maxChars = 200) => new(Plain(text, maxChars));
}
