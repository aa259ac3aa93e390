using System.Diagnostics.CodeAnalysis;

namespace ActorTrap.Dns;

/// <summary>Splits a presentation-form name (<c>a.b\.c.example</c>, <c>\065</c> escapes) into wire labels, enforcing RFC 1035 lengths.</summary>
internal static class DnsLabels
{
    public static bool TrySplit(string name, [NotNullWhen(true)] out List<byte[]>? labels)
    {
        labels = [];
        if (name.Length == 0 || name == ".")
        {
            return true; // the root
        }

        var current = new List<byte>(63);
        var wire = 1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (!Close(current, labels, ref wire))
                {
                    labels = null;
                    return false;
                }

                continue;
            }

            if (c == '\\' && i + 1 < name.Length)
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    var value = ((name[i + 1] - '0') * 100) + ((name[i + 2] - '0') * 10) + (name[i + 3] - '0');
                    if (value > 255)
                    {
                        labels = null;
                        return false;
                    }

                    current.Add((byte)value);
                    i += 3;
                }
                else
                {
                    current.Add((byte)name[++i]);
                }

                continue;
            }

            if (c > 0x7F)
            {
                labels = null;
                return false; // IDNs must be given in their ASCII (punycode) form
            }

            current.Add((byte)c);
        }

        // A trailing dot (absolute name) leaves an empty last label, which is the root: not an error.
        if (current.Count > 0 && !Close(current, labels, ref wire))
        {
            labels = null;
            return false;
        }

        return true;
    }

    private static bool Close(List<byte> current, List<byte[]> labels, ref int wire)
    {
        if (current.Count is 0 or > 63)
        {
            return false;
        }

        wire += 1 + current.Count;
        if (wire > 255)
        {
            return false;
        }

        labels.Add([.. current]);
        current.Clear();
        return true;
    }
}
