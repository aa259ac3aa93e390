namespace ActorTrap.Smtp.Analysis;

/// <summary>
/// The data behind <see cref="DynamicRdns"/>: words ISPs put in the reverse DNS names of end-user address pools,
/// gathered from the naming schemes of large access providers (e.g. Comcast "c-a-b-c-d.hsd1", Verizon
/// "pool-...fios", Deutsche Telekom "pXXXXXXXX.dip0", BT "host...range", Arcor "dslb-...pools") and from the word
/// lists anti-spam tools use for generic rDNS. Matched against the runs of letters in the host part of a name.
/// </summary>
internal static class DynamicRdnsWords
{
    /// <summary>A letter run that starts with one of these matches ("dynamic", "dynip", "dialup", "pppoe", "cablemodem").</summary>
    public static readonly string[] Prefixes =
    [
        "dyn", "dhcp", "dial", "ppp", "pool", "dsl", "adsl", "vdsl", "xdsl", "sdsl", "cable", "cpe", "client",
        "broadband", "catv", "modem", "customer", "resident", "subscriber",
    ];

    /// <summary>Letter runs that match only whole (too short or too common to match as a prefix).</summary>
    public static readonly string[] Words = ["dip", "bb", "cust", "ftth", "fios", "gprs", "hsd", "res", "wlan", "mobile", "user", "users"];

    /// <summary>A name with one of these letter runs is a provider's static assignment: never reported.</summary>
    public static readonly string[] Static = ["static", "sta", "fixed", "fix"];

    /// <summary>
    /// Second-level labels under country codes that are registries, not providers (example.co.uk): the host part of a
    /// name ends before the registered domain, which is the last two labels or three with one of these.
    /// </summary>
    public static readonly string[] RegistrySecondLevels = ["co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go", "gob", "nic"];
}
