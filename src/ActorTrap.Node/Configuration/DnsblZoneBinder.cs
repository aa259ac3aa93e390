using ActorTrap.Dns.Dnsbl;

namespace ActorTrap.Node.Configuration;

/// <summary>Binds one <c>actortrap.dnsbl.zones</c> element; its keys are checked here because list elements have no reference entry.</summary>
internal static class DnsblZoneBinder
{
    private static readonly HashSet<string> KnownKeys = ["zone", "weight", "codes", "txt", "enabled"];

    public static DnsblZoneOptions Bind(SettingsReader r)
    {
        foreach (var key in r.Config.Keys.Where(k => !KnownKeys.Contains(k)))
        {
            r.Fail(key, $"unknown key in a dnsbl zone; the keys are {string.Join(", ", KnownKeys)}");
        }

        var zone = r.String("zone").Trim().TrimEnd('.').ToLowerInvariant();
        r.Require(DomainName.IsValid(zone), "zone", $"\"{zone}\" is not a domain name such as all.rbl.jp");
        var weight = r.Config.HasPath("weight") ? r.Double("weight") : 1;
        r.Require(double.IsFinite(weight) && weight != 0, "weight", "must be a non-zero number (negative for allow lists)");
        var codes = r.Config.HasPath("codes") ? r.String("codes") : "127.0.0.[2..255]";
        if (!AnswerFilter.TryParse(codes, out _, out var codesError))
        {
            r.Fail("codes", codesError);
        }

        return new DnsblZoneOptions(
            zone,
            weight,
            codes,
            !r.Config.HasPath("txt") || r.Boolean("txt"),
            !r.Config.HasPath("enabled") || r.Boolean("enabled"));
    }
}
