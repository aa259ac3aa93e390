using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Blacklist;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Blacklist;

public sealed class LocalBlacklistSpec
{
    private readonly LocalBlacklist blacklist = new();

    private static Listing Scored(string address, ListingClass c = ListingClass.Behaviour) =>
        new(IPAddress.Parse(address), address.Contains(':', StringComparison.Ordinal) ? 128 : 32, c, 4, ["no-quit"], T0, T0, T0, T0 + TimeSpan.FromDays(1));

    private static Listing Manual(string cidr, string reason = "by hand")
    {
        var n = IPNetwork.Parse(cidr);
        return new Listing(n.BaseAddress, n.PrefixLength, ListingClass.Manual, 0, [reason], T0, T0, T0, null);
    }

    [Fact]
    public void A_run_of_changes_applies_in_order_with_one_version_step()
    {
        blacklist.Apply(Manual("192.0.2.0/24", "before"));
        var version = blacklist.Version;

        blacklist.ApplyRun(
        [
            BlacklistChange.Of(Manual("198.51.100.0/24")),
            BlacklistChange.Of(Scored("203.0.113.5")),
            new BlacklistChange(null, IPNetwork.Parse("198.51.100.0/24"), null),
            BlacklistChange.Of(Manual("198.51.100.0/25", "again")),
            new BlacklistChange(null, null, IPAddress.Parse("203.0.113.5")),
            BlacklistChange.Of(Manual("192.0.2.0/24", "refreshed")),
        ]);

        Assert.Equal(version + 1, blacklist.Version);
        Assert.Equal(["192.0.2.0/24 refreshed", "198.51.100.0/25 again"],
            blacklist.Enumerate().Select(l => $"{l.Address}/{l.PrefixLength} {l.Reasons[0]}").Order());
        Assert.False(blacklist.TryGet(IPAddress.Parse("198.51.100.200"), out _));
        Assert.False(blacklist.TryGet(IPAddress.Parse("203.0.113.5"), out _));
    }

    [Fact]
    public void A_run_of_a_hundred_thousand_manual_listings_builds_the_manual_set_once_issue_16()
    {
        var run = Enumerable.Range(0, 100_000)
            .Select(i => BlacklistChange.Of(Manual($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}/32", "imported")))
            .ToList();

        blacklist.ApplyRun(run);

        Assert.Equal(100_000, blacklist.Count);
        Assert.True(blacklist.TryGet(IPAddress.Parse("10.1.134.159"), out var hit));
        Assert.Equal(ListingClass.Manual, hit!.Class);
    }

    [Fact]
    public void Exact_address_is_found_in_either_family_form_and_removed()
    {
        blacklist.Apply(Scored("192.0.2.1"));
        Assert.True(blacklist.TryGet(IPAddress.Parse("192.0.2.1"), out var hit));
        Assert.Equal(ListingClass.Behaviour, hit!.Class);
        Assert.True(blacklist.TryGet(IPAddress.Parse("::ffff:192.0.2.1"), out _));
        Assert.False(blacklist.TryGet(IPAddress.Parse("192.0.2.2"), out var miss));
        Assert.Null(miss);
        Assert.True(blacklist.Remove(IPAddress.Parse("192.0.2.1")));
        Assert.False(blacklist.TryGet(IPAddress.Parse("192.0.2.1"), out _));
    }

    [Fact]
    public void Manual_networks_match_every_address_inside_and_win_over_scored_entries()
    {
        blacklist.Apply(Scored("198.51.100.7"));
        blacklist.Apply(Manual("198.51.100.0/24", "abuse desk"));
        blacklist.Apply(Manual("2001:db8::/32"));
        blacklist.Apply(Manual("203.0.113.9/32"));

        Assert.True(blacklist.TryGet(IPAddress.Parse("198.51.100.7"), out var manual));
        Assert.Equal((ListingClass.Manual, "abuse desk"), (manual!.Class, manual.Reasons[0]));
        Assert.True(blacklist.TryGet(IPAddress.Parse("198.51.100.200"), out _));
        Assert.True(blacklist.TryGet(IPAddress.Parse("2001:db8:ffff::1"), out _));
        Assert.True(blacklist.TryGet(IPAddress.Parse("203.0.113.9"), out _));
        Assert.False(blacklist.TryGet(IPAddress.Parse("203.0.113.10"), out _));
        Assert.False(blacklist.TryGet(IPAddress.Parse("198.51.101.1"), out _));

        Assert.True(blacklist.RemoveManual(IPNetwork.Parse("198.51.100.0/24")));
        Assert.True(blacklist.TryGet(IPAddress.Parse("198.51.100.7"), out var scored));
        Assert.Equal(ListingClass.Behaviour, scored!.Class);
        Assert.False(blacklist.TryGet(IPAddress.Parse("198.51.100.200"), out _));
    }

    [Fact]
    public void Replace_swaps_everything_and_snapshot_is_unaffected_by_later_changes()
    {
        blacklist.Apply(Scored("192.0.2.1"));
        blacklist.Apply(Manual("10.0.0.0/8"));
        var version = blacklist.Version;
        blacklist.Replace([Scored("192.0.2.2"), Manual("172.16.0.0/12")]);
        Assert.True(blacklist.Version > version);
        Assert.False(blacklist.TryGet(IPAddress.Parse("192.0.2.1"), out _));
        Assert.False(blacklist.TryGet(IPAddress.Parse("10.1.1.1"), out _));
        Assert.True(blacklist.TryGet(IPAddress.Parse("172.16.5.5"), out _));

        var snapshot = blacklist.Snapshot();
        blacklist.Apply(Scored("192.0.2.3"));
        Assert.Equal(2, snapshot.Count);
        Assert.Equal(3, blacklist.Snapshot().Count);
    }

    [Fact]
    public void Readers_on_other_threads_never_see_a_torn_state_while_writers_churn()
    {
        blacklist.Apply(Manual("10.0.0.0/8"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var misses = 0L;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!blacklist.TryGet(IPAddress.Parse("10.9.9.9"), out var l) || l is null)
                {
                    Interlocked.Increment(ref misses);
                }
            }
        })).ToArray();
        for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
        {
            blacklist.Apply(Scored($"192.0.{i / 250}.{i % 250}"));
            blacklist.Apply(Manual($"203.0.113.{i % 250}/32"));
            blacklist.Remove(IPAddress.Parse($"192.0.{i / 250}.{i % 250}"));
        }

        stop.Cancel();
        Task.WaitAll(readers, TimeSpan.FromSeconds(5));
        Assert.Equal(0, Interlocked.Read(ref misses));
    }
}
