namespace ActorTrap.Node.Configuration;

/// <summary>Syntax check for configured domain names (RFC 1035 lengths; letters, digits, hyphen, and underscore as DNSBLs use it).</summary>
internal static class DomainName
{
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
