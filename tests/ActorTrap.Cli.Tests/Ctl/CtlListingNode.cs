using System.Net.Http.Headers;
using ActorTrap.Cli.Tests.EndToEnd;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// A real node for the <c>ctl list</c>/<c>delist</c> specs, apart from <see cref="CtlNode"/> because these specs open
/// and hold connections of their own: rbldnsd as its DNSBL listing only 127.0.0.2 (so whatever holds 127.0.0.9 is our
/// own list), a short greeting pause, held clients noticed leaving within a second, the expiry chore every second
/// and twelve store writers.
/// </summary>
public sealed class CtlListingNode : IAsyncLifetime
{
    public const string Token = "ctl-listing-token-8d2e41b7c0";
    public const string Zone = "bl.ctl-list.test";

    private Rbldnsd? dnsbl;

    internal RunningNode Node { get; private set; } = null!;

    public Dictionary<string, string?> Environment => new()
    {
        ["ACTORTRAP_ADMIN"] = Node.Admin.ToString(),
        ["ACTORTRAP_ADMIN_TOKEN"] = Token,
    };

    public async Task InitializeAsync()
    {
        dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the ctl zone: $\n127.0.0.2\n"));
        Node = await RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
            [$"actortrap.admin.token=\"{Token}\"", "actortrap.smtp.hold=10m", "actortrap.smtp.trickle-interval=1s", "actortrap.smtp.greet-pause=300ms",
             // Listings specs: the expiry chore every second, and more writers than one digit (ctl actors' natural order).
             "actortrap.reputation.chore-interval=1s", "actortrap.reputation.writers=12"]);
        Node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public Task DisposeAsync()
    {
        Node?.Dispose();
        dnsbl?.Dispose();
        return Task.CompletedTask;
    }
}
