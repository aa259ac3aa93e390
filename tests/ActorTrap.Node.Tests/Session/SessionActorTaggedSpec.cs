using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Resolver;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Session;

/// <summary>A session meeting a tagged trap address (issue 18): the sender's trap sin always, the harvester when the token opens.</summary>
public sealed class SessionActorTaggedSpec : IAsyncDisposable
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private static readonly IPAddress Visitor = IPAddress.Parse("198.51.100.7");

    private static readonly string[] Tagged =
    [
        "actortrap.traps.page.domains=[\"tag.test\"]",
        "actortrap.traps.page.keys=[{id = 1, secret = \"session-spec-secret-0123\"}]",
        "actortrap.traps.page.current-key=1",
    ];

    private SessionHarness h = new(Tagged);

    public async ValueTask DisposeAsync() => await h.DisposeAsync();

    private async Task<Verdict> SendToAsync(params string[] recipients)
    {
        var (client, _) = await h.ConnectAsync();
        await h.AnswerDnsblAsync(listed: false);
        await h.AdvanceAsync(6 * S);
        foreach (var line in new[] { "HELO relay.example.net", "MAIL FROM:<>" }.Concat(recipients.Select(r => $"RCPT TO:<{r}>")).Append("QUIT"))
        {
            client.Type(line + "\r\n");
            await h.IdleAsync();
        }

        return h.SingleVerdict();
    }

    [Fact]
    public async Task Opened_token_is_a_trap_sin_and_reports_its_harvester_once_per_session()
    {
        var token = h.Tagged!.Tokens.Seal(Visitor, h.Clock.GetUtcNow() - TimeSpan.FromHours(3));
        var verdict = await SendToAsync($"{token}@tag.test", $"{token.ToUpperInvariant()}@TAG.test");
        Assert.Contains(verdict.Sins, s => s is { Kind: SinKind.TrapAddress, Detail: "tagged" } && s.Weight == 5);
        var harvest = Assert.Single(h.Harvests.All);
        Assert.Equal((Visitor, IPAddress.Parse("192.0.2.10")), (harvest.Harvester, harvest.Spammer));
        Assert.Equal("3h", ActorTrap.Node.Traps.HarvestReason.Delay(harvest.Delay));
    }

    [Fact]
    public async Task Forged_token_is_an_ordinary_trap_domain_hit()
    {
        var verdict = await SendToAsync("abcdefghijklmnopqrstuvwxyz23456@tag.test");
        Assert.Contains(verdict.Sins, s => s is { Kind: SinKind.TrapAddress, Detail: "untagged" });
        Assert.Empty(h.Harvests.All);
    }

    [Fact]
    public async Task Token_past_max_age_is_kept_against_the_sender_but_lists_no_harvester()
    {
        var token = h.Tagged!.Tokens.Seal(Visitor, h.Clock.GetUtcNow() - TimeSpan.FromDays(31));
        var verdict = await SendToAsync($"{token}@tag.test");
        Assert.Contains(verdict.Sins, s => s is { Kind: SinKind.TrapAddress, Detail: "tagged-expired" });
        Assert.Empty(h.Harvests.All);
        Assert.Equal(1, h.TrapMetrics.Expired);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_listed_only_as_a_harvester_is_held_only_when_block_is_on(bool block)
    {
        await h.DisposeAsync();
        h = new SessionHarness([.. Tagged, $"actortrap.traps.harvesters.block={(block ? "on" : "off")}"]);
        h.Blacklist.List("192.0.2.10", ListingClass.Harvester);
        await h.ConnectAsync();
        if (block)
        {
            Assert.True(h.Resolver.HasMessages is false);
            Assert.Equal(1, h.Gate.Held);
        }
        else
        {
            await h.Resolver.ExpectMsgAsync<CheckClient>(); // not on our list as far as holding goes: asked DNS as any client
            Assert.Equal(0, h.Gate.Held);
        }
    }
}
