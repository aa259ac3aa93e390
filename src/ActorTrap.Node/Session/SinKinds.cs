namespace ActorTrap.Node.Session;

/// <summary>Stable wire names of <see cref="SinKind"/> (kebab case), used in feeds, the store and TXT answers.</summary>
public static class SinKinds
{
    private static readonly Dictionary<string, SinKind> ByName =
        Enum.GetValues<SinKind>().ToDictionary(WireName, k => k, StringComparer.OrdinalIgnoreCase);

    public static string WireName(this SinKind kind) => kind switch
    {
        SinKind.Pregreet => "pregreet",
        SinKind.NoQuit => "no-quit",
        SinKind.Pipelining => "pipelining",
        SinKind.NonSmtpCommand => "non-smtp",
        SinKind.BareLf => "bare-lf",
        SinKind.HeloBareIp => "helo-bare-ip",
        SinKind.HeloLiteralMismatch => "helo-literal-mismatch",
        SinKind.HeloNotFqdn => "helo-not-fqdn",
        SinKind.HeloLocalhost => "helo-localhost",
        SinKind.HeloOurName => "helo-our-name",
        SinKind.HeloRecipientDomain => "helo-rcpt-domain",
        SinKind.HeloChanged => "helo-changed",
        SinKind.DynamicRdns => "dynamic-rdns",
        SinKind.MissingRdns => "missing-rdns",
        SinKind.FcrdnsFailed => "fcrdns-failed",
        SinKind.HighestMx => "highest-mx",
        SinKind.TrapAddress => "trap-address",
        SinKind.DnsblListed => "dnsbl-listed",
        SinKind.Retried => "retried",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>How the listing rule counts a kind (see <see cref="SinClass"/> and hocon/actortrap.conf).</summary>
    public static SinClass Class(this SinKind kind) => kind switch
    {
        SinKind.TrapAddress or SinKind.Pregreet or SinKind.NonSmtpCommand or SinKind.HeloOurName or SinKind.HeloRecipientDomain => SinClass.Strong,
        SinKind.NoQuit or SinKind.Pipelining or SinKind.HighestMx or SinKind.DnsblListed => SinClass.Corroborated,
        SinKind.Retried => SinClass.Virtue,
        _ => SinClass.Soft,
    };

    public static bool TryParse(string name, out SinKind kind) => ByName.TryGetValue(name, out kind);
}
