using System.Text;

namespace ActorTrap.Cli.Commands.Ctl.Output;

/// <summary>
/// Writes through to <paramref name="inner"/> but holds spaces back until something other than a line end follows
/// them, so no line ends in padding. Spaces still held when the output ends are dropped the same way.
/// </summary>
internal sealed class TrailingSpaceTrimmer(TextWriter inner) : TextWriter
{
    private int pendingSpaces;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        switch (value)
        {
            case ' ':
                pendingSpaces++;
                return;
            case '\n' or '\r':
                pendingSpaces = 0;
                break;
            default:
                if (pendingSpaces > 0)
                {
                    inner.Write(new string(' ', pendingSpaces));
                    pendingSpaces = 0;
                }

                break;
        }

        inner.Write(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            Write(buffer[i]);
        }
    }

    public override void Flush() => inner.Flush();
}
