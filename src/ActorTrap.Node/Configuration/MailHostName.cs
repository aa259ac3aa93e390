namespace ActorTrap.Node.Configuration;

/// <summary>
/// The name in the SMTP banner and replies when <c>actortrap.smtp.hostname</c> is empty. Like Postfix's myhostname it
/// must be fully qualified, so the machine's name is used only when it is (a VM named <c>mx2.example.org</c>). A short
/// name (<c>vm</c>, or a pod's <c>actortrap-0</c>) would show clients the machine and differ between the nodes behind
/// one MX record, so it gives way to <see cref="Unset"/>.
/// </summary>
internal static class MailHostName
{
    /// <summary>
    /// Under RFC 2606's reserved <c>.invalid</c>: no real MTA says HELO with it, so the helo-our-name sin cannot hit a
    /// real sender (<c>localhost.localdomain</c>, Postfix's fallback, is what misconfigured MTAs do say), and a
    /// transcript shows at once that the name was never set.
    /// </summary>
    public const string Unset = "mx.invalid";

    /// <returns>The name to use, and whether it fell back to <see cref="Unset"/> (worth a warning at start).</returns>
    public static (string Name, bool FellBack) Default(string machineName)
    {
        var name = machineName.Trim().TrimEnd('.').ToLowerInvariant();
        return name.Contains('.', StringComparison.Ordinal) && DomainName.IsValid(name) ? (name, false) : (Unset, true);
    }
}
