using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>
/// Which keys a reload (SIGHUP, <c>systemctl reload</c>, <c>POST /api/reload</c>) applies to a running node, and
/// which keys changed between two configurations. Everything else (listen addresses, the data directory, the
/// store, the cluster, the actor system, caps sized at start) is read once at start and needs a restart.
/// </summary>
public static class ReloadableKeys
{
    /// <summary>The keys, or the sections whose every key, a reload applies (docs/operations.md, "Reload").</summary>
    public static IReadOnlyList<string> Paths { get; } =
    [
        "actortrap.dnsbl.threshold",
        "actortrap.dnsbl.zones",
        "actortrap.reputation.allow",
        "actortrap.reputation.list-threshold",
        "actortrap.reputation.soft-cap",
        "actortrap.smtp.sins",
        "actortrap.smtp.permit",
        "actortrap.smtp.traps",
        "actortrap.publish.udp-feed.key",
        "actortrap.traps.page.keys",
        "actortrap.traps.page.current-key",
        "actortrap.publish.udp-feed.key-id",
        "actortrap.publish.udp-feed.reporters",
        "actortrap.publish.udp-feed.max-new-per-minute",
    ];

    /// <summary>Read once by the backup-MX watch at start, unlike the other sin weights.</summary>
    public const string HighestMxWeight = "actortrap.smtp.sins.highest-mx";

    public static bool IsReloadable(string path) =>
        path != HighestMxWeight && Paths.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>Every key whose value differs, or that is set in one configuration only, in key order.</summary>
    public static IReadOnlyList<string> Changed(HoconConfig running, HoconConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var before = running.Leaves().ToDictionary(l => l.Path, l => Value(running, l), StringComparer.Ordinal);
        var after = next.Leaves().ToDictionary(l => l.Path, l => Value(next, l), StringComparer.Ordinal);
        return [.. before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || b != a)
            .Order(StringComparer.Ordinal)];
    }

    // Arrays have no leaf text: a list of scalars compares by its items, a list of objects (the DNSBL zones) by each
    // object rendered; the kind is part of the value so that 1 and "1" differ as the binder sees them.
    private static string Value(HoconConfig config, HoconLeaf leaf)
    {
        if (leaf.Kind != HoconValueKind.Array)
        {
            return $"{leaf.Kind}:{leaf.Text}";
        }

        try
        {
            return "[" + string.Join("\u001f", config.GetStringList(leaf.Path)) + "]";
        }
        catch (HoconException)
        {
        }

        try
        {
            return "[" + string.Join("\u001f", config.GetObjectList(leaf.Path).Select(o => o.Render())) + "]";
        }
        catch (HoconException)
        {
            // A list of lists: no key of the reference has one, and the binder would have refused it.
            return "[?]";
        }
    }
}
