namespace ActorTrap.Smtp.Commands;

/// <summary>
/// A reverse-path (MAIL FROM) or forward-path (RCPT TO) as RFC 5321 4.1.2 defines them, with any source route
/// dropped (RFC 5321 4.1.1.3 lets servers ignore it). Only printable ASCII reaches here: SMTPUTF8 is not offered.
/// </summary>
public sealed class SmtpPath
{
    /// <summary>The null reverse-path <c>&lt;&gt;</c> used by bounces.</summary>
    public static readonly SmtpPath Null = new(string.Empty, string.Empty, isAddressLiteral: false, isBracketed: true);

    internal SmtpPath(string localPart, string domain, bool isAddressLiteral, bool isBracketed)
    {
        LocalPart = localPart;
        Domain = domain;
        IsAddressLiteral = isAddressLiteral;
        IsBracketed = isBracketed;
    }

    /// <summary>The local part as sent (case is significant to the recipient's server); quoted strings keep their quotes.</summary>
    public string LocalPart { get; }

    /// <summary>
    /// The domain in lower case, or an address literal with its brackets (e.g. <c>[192.0.2.1]</c>); empty for the
    /// null path and for the bare <c>&lt;postmaster&gt;</c> recipient.
    /// </summary>
    public string Domain { get; }

    public bool IsNull => LocalPart.Length == 0;

    public bool IsAddressLiteral { get; }

    /// <summary>False when the client left out the angle brackets RFC 5321 requires (accepted, as Postfix does by default).</summary>
    public bool IsBracketed { get; }

    /// <summary>"local@domain", "postmaster", or the empty string for the null path.</summary>
    public string Address => IsNull ? string.Empty : Domain.Length == 0 ? LocalPart : $"{LocalPart}@{Domain}";

    public override string ToString() => $"<{Address}>";
}
