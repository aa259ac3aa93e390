using System.Net;
using System.Text.Json;

namespace ActorTrap.Node.Reputation.Blacklist;

/// <summary>
/// Reads the JSON payloads the PostgreSQL triggers send on <c>actortrap_listing</c> (PostgresSchema):
/// <c>{"op":"list","a":addr,"c":"trap"|"behaviour","s":score,"r":[...],"f":ms,"l":ms,"t":ms,"e":ms}</c>,
/// <c>{"op":"delist","a":addr}</c>, <c>{"op":"mlist","n":cidr,"r":reason,"t":ms}</c>, <c>{"op":"mdelist","n":cidr}</c>.
/// A payload that does not parse is a value (false), never an exception.
/// </summary>
internal static class ListingNotification
{
    /// <summary>Applies one notification to <paramref name="blacklist"/>; false when the payload is not one we understand.</summary>
    public static bool Apply(string payload, LocalBlacklist blacklist)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            switch (root.GetProperty("op").GetString())
            {
                case "list":
                    var address = Networks.NormaliseAddress(IPAddress.Parse(root.GetProperty("a").GetString()!));
                    blacklist.Apply(new Listing(
                        address,
                        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128,
                        root.GetProperty("c").GetString() == "trap" ? ListingClass.Trap : ListingClass.Behaviour,
                        root.GetProperty("s").GetDouble(),
                        root.GetProperty("r").EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToArray(),
                        Ms(root, "f"),
                        Ms(root, "l"),
                        Ms(root, "t"),
                        Ms(root, "e")));
                    return true;
                case "delist":
                    blacklist.Remove(IPAddress.Parse(root.GetProperty("a").GetString()!));
                    return true;
                case "mlist":
                    var network = IPNetwork.Parse(root.GetProperty("n").GetString()!);
                    var at = Ms(root, "t");
                    blacklist.Apply(new Listing(network.BaseAddress, network.PrefixLength, ListingClass.Manual, 0,
                        [root.GetProperty("r").GetString() ?? string.Empty], at, at, at, null));
                    return true;
                case "mdelist":
                    blacklist.RemoveManual(IPNetwork.Parse(root.GetProperty("n").GetString()!));
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static DateTimeOffset Ms(JsonElement root, string name) => DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty(name).GetInt64());
}
