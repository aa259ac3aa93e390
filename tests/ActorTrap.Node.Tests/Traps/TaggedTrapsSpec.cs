using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.Node.Traps;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorTrap.Node.Tests.Traps;

/// <summary>What a recipient at a tagged domain tells a session: a harvest to report, an expired one kept as evidence, or nothing.</summary>
public sealed class TaggedTrapsSpec : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly TrapMetrics metrics = new();
    private readonly TaggedTraps tagged;

    public TaggedTrapsSpec()
    {
        var settings = Settings.Load(
            "actortrap.traps.page.domains=[\"trap.example.org\"]",
            "actortrap.traps.page.keys=[{id = 3, secret = \"spec-secret-0123456789\"}]",
            "actortrap.traps.page.current-key=3",
            "actortrap.traps.page.max-age=30d");
        tagged = TaggedTraps.Create(settings.Traps, metrics, NullLogger.Instance)!;
    }

    public void Dispose() => metrics.Dispose();

    [Fact]
    public void Opened_token_reports_harvester_spammer_and_delay()
    {
        var token = tagged.Tokens.Seal(IPAddress.Parse("198.51.100.7"), T0.AddMinutes(5));
        var hit = tagged.Check(token, IPAddress.Parse("192.0.2.9"), T0.AddHours(3).AddMinutes(5));
        Assert.Equal("tagged", hit.Detail);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), hit.Harvest!.Harvester);
        Assert.Equal(T0, hit.Harvest.HarvestedAt);
        Assert.Equal("3h", HarvestReason.Delay(hit.Harvest.Delay));
        Assert.Equal("harvested 2026-12-06T10:00Z, used by 192.0.2.9 after 3h", HarvestReason.Describe(HarvestReason.Format(hit.Harvest)));
        Assert.Equal(1, metrics.Opened);
    }

    [Fact]
    public void Token_older_than_max_age_opens_but_lists_no_harvester()
    {
        var token = tagged.Tokens.Seal(IPAddress.Parse("198.51.100.7"), T0);
        var hit = tagged.Check(token, IPAddress.Parse("192.0.2.9"), T0 + TimeSpan.FromDays(31));
        Assert.True(hit.Opening.Opened);
        Assert.Null(hit.Harvest);
        Assert.Equal("tagged-expired", hit.Detail);
        Assert.Equal((0L, 1L), (metrics.Opened, metrics.Expired));
    }

    [Fact]
    public void Forged_token_is_an_ordinary_trap_domain_hit()
    {
        var hit = tagged.Check("abcdefghijklmnopqrstuvwxyz23456", IPAddress.Parse("192.0.2.9"), T0);
        Assert.False(hit.Opening.Opened);
        Assert.Null(hit.Harvest);
        Assert.Equal("untagged", hit.Detail);
    }

    [Fact]
    public void Special_use_harvester_is_never_reported()
    {
        var token = tagged.Tokens.Seal(IPAddress.Parse("10.1.2.3"), T0);
        var hit = tagged.Check(token, IPAddress.Parse("192.0.2.9"), T0.AddHours(1));
        Assert.True(hit.Opening.Opened);
        Assert.Null(hit.Harvest);
    }

    [Fact]
    public void Tagged_domain_covers_its_subdomains_only()
    {
        Assert.True(tagged.Covers("trap.example.org"));
        Assert.True(tagged.Covers("x.trap.example.org"));
        Assert.False(tagged.Covers("nottrap.example.org"));
    }
}
