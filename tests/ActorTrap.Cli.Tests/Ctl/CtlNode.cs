using System.Net;
using System.Net.Http.Headers;
using ActorTrap.Cli.Tests.EndToEnd;
using ActorTrap.TestPeers;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// One real node for the <c>ctl</c> specs, with an admin token, a real rbldnsd as its DNSBL (listing 127.0.0.2, the
/// RFC 5782 test entry), one client connected from 127.0.0.2 that the node holds for the whole class, and one
/// visit from 127.0.0.3 that ended, whose verdict started that address's reputation entity.
/// </summary>
public sealed class CtlNode : IAsyncLifetime
{
    public const string Token = "ctl-spec-token-5f0c9a71e2";
    public const string Zone = "bl.ctl.test";
    public const string Name = "ctl-node";
    public static readonly IPAddress HeldClient = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress Visitor = IPAddress.Parse("127.0.0.3");

    private Rbldnsd? dnsbl;
    private RawSmtpClient? held;

    internal RunningNode Node { get; private set; } = null!;

    /// <summary>The held client's session as the admin API lists it.</summary>
    public string HeldSessionPath { get; private set; } = "";

    /// <summary>What <c>ctl</c> finds the node and the token from when no option says otherwise.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["ACTORTRAP_ADMIN"] = Node.Admin.ToString(),
        ["ACTORTRAP_ADMIN_TOKEN"] = Token,
    };

    public async Task InitializeAsync()
    {
        dnsbl = await Rbldnsd.StartAsync(RbldnsdZone.Ip4Set(Zone, ":127.0.0.2:Listed by the ctl zone: $\n127.0.0.2\n"));
        // A hold longer than the class runs, trickling slowly, so the client is still held when the last spec looks.
        Node = await RunningNode.StartAsync(dnsbl.ServerSpec, Zone, settings:
            [$"actortrap.admin.token=\"{Token}\"", "actortrap.smtp.hold=10m", "actortrap.smtp.trickle-interval=5s", $"actortrap.node.name={Name}"]);
        Node.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        held = await RawSmtpClient.ConnectAsync(HeldClient, Node.Smtp);
        var sessions = await Node.WaitForJsonAsync("/api/sessions?held=true", s => s.GetArrayLength() == 1);
        HeldSessionPath = sessions[0].GetProperty("path").GetString()!;
        using (var visitor = await RawSmtpClient.ConnectAsync(Visitor, Node.Smtp))
        {
            // Talks before the greeting and leaves: a verdict with a sin, which its entity hands to a store writer.
            await visitor.SendAsync("QUIT");
        }

        await Node.WaitForJsonAsync("/api/shards/stats", s => s.GetProperty("entities").GetInt32() > 0
            && s.GetProperty("writers").EnumerateArray().Sum(w => w.GetProperty("verdictsIn").GetInt64()) == 1);
    }

    public Task DisposeAsync()
    {
        held?.Dispose();
        Node?.Dispose();
        dnsbl?.Dispose();
        return Task.CompletedTask;
    }
}
