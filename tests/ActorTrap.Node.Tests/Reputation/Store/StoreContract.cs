using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Session;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>
/// What every reputation store must do, run against each real database (SqliteStoreSpec, PostgresStoreSpec).
/// Threshold 3, half-life 1 h, listing TTL 24 h.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private protected static readonly ScoringOptions Rules = new(3, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
    private IReputationStore? store;

    internal IReputationStore Store => store ?? throw new InvalidOperationException("not initialised");

    internal abstract Task<IReputationStore> CreateStoreAsync(ScoringOptions rules);

    public async Task InitializeAsync()
    {
        store = await CreateStoreAsync(Rules);
        await store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    private Task<IReadOnlyList<MergeResult>> MergeAsync(DateTimeOffset now, params EvidenceDelta[] batch) =>
        Store.MergeAsync(batch, now, CancellationToken.None);

    [Fact]
    public async Task New_address_is_stored_with_its_score_reasons_and_times()
    {
        var result = Assert.Single(await MergeAsync(T0, Delta("192.0.2.1", 1.5, T0, "no-quit", "pregreet")));
        Assert.False(result.NewlyListed);
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), stored.Address);
        Assert.Equal((1.5, T0, T0, T0, 1L), (stored.Score, stored.ScoreAt, stored.FirstSeen, stored.LastSeen, stored.Verdicts));
        Assert.Equal(["no-quit", "pregreet"], stored.Reasons);
        Assert.Null(stored.ListedAt);
        Assert.Null(await Store.GetAsync(IPAddress.Parse("192.0.2.2"), CancellationToken.None));
    }

    [Fact]
    public async Task Stored_score_decays_by_half_each_half_life_before_new_evidence_is_added()
    {
        await MergeAsync(T0, Delta("192.0.2.1", 2, T0));
        var later = T0 + TimeSpan.FromHours(2);
        var result = Assert.Single(await MergeAsync(later, Delta("192.0.2.1", 1, later)));
        Assert.Equal(1.5, result.Record.Score, 9);
        Assert.Equal(later, result.Record.ScoreAt);
        Assert.Equal(2, result.Record.Verdicts);
        Assert.Equal((T0, later), (result.Record.FirstSeen, result.Record.LastSeen));
    }

    [Fact]
    public async Task Crossing_the_threshold_lists_once_and_later_evidence_refreshes_the_expiry()
    {
        var a = Assert.Single(await MergeAsync(T0, Delta("192.0.2.1", 2, T0, "no-quit")));
        Assert.False(a.NewlyListed);
        Assert.False(a.Record.IsListedAt(T0));

        var t1 = T0 + TimeSpan.FromMinutes(1);
        var b = Assert.Single(await MergeAsync(t1, Delta("192.0.2.1", 2, t1, "pregreet")));
        Assert.True(b.NewlyListed);
        Assert.Equal(t1, b.Record.ListedAt);
        Assert.Equal(t1 + Rules.ListingTtl, b.Record.Expires);
        Assert.Equal(ListingClass.Behaviour, b.Record.Class);

        var t2 = T0 + TimeSpan.FromHours(5);
        var c = Assert.Single(await MergeAsync(t2, Delta("192.0.2.1", 0.1, t2)));
        Assert.False(c.NewlyListed);
        Assert.Equal(t1, c.Record.ListedAt);
        Assert.Equal(t2 + Rules.ListingTtl, c.Record.Expires);
    }

    [Fact]
    public async Task Trap_address_sin_lists_at_once_with_the_trap_class()
    {
        var result = Assert.Single(await MergeAsync(T0, Delta("192.0.2.7", 0.5, T0, "trap-address")));
        Assert.True(result.NewlyListed);
        Assert.Equal(ListingClass.Trap, result.Record.Class);
        var listing = Assert.Single(await Store.LoadListingsAsync(T0, CancellationToken.None));
        Assert.Equal((IPAddress.Parse("192.0.2.7"), 32, ListingClass.Trap), (listing.Address, listing.PrefixLength, listing.Class));
        Assert.Equal(["trap-address"], listing.Reasons);
    }

    [Fact]
    public async Task Harvest_lists_in_the_harvester_class_and_the_store_keeps_it_until_stronger_evidence()
    {
        var harvest = Delta("192.0.2.20", 0, T0, "harvest:20241231t2300:1h:192.0.2.9") with { Harvester = true };
        var result = Assert.Single(await MergeAsync(T0, harvest));
        Assert.True(result.NewlyListed);
        Assert.Equal(ListingClass.Harvester, result.Record.Class);
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.20"), CancellationToken.None);
        Assert.True(stored!.Harvester);
        var listing = Assert.Single(await Store.LoadListingsAsync(T0, CancellationToken.None));
        Assert.Equal((ListingClass.Harvester, 0.0), (listing.Class, listing.Score));
        Assert.Equal(["harvest:20241231t2300:1h:192.0.2.9"], listing.Reasons);

        // The same address writing to a trap address is a trap listing: the class that blocks wins.
        var t1 = T0 + TimeSpan.FromMinutes(1);
        var trapped = Assert.Single(await MergeAsync(t1, Delta("192.0.2.20", 0.5, t1, "trap-address")));
        Assert.Equal(ListingClass.Trap, trapped.Record.Class);
        Assert.Equal(ListingClass.Trap, Assert.Single(await Store.LoadListingsAsync(t1, CancellationToken.None)).Class);
    }

    [Fact]
    public async Task Allow_listed_harvester_is_never_listed()
    {
        var harvest = new EvidenceDelta(IPAddress.Parse("192.0.2.21"), 0, T0, T0, 1, ["harvest:20241231t2300:1h"], false, true) { Harvester = true };
        var result = Assert.Single(await MergeAsync(T0, harvest));
        Assert.False(result.NewlyListed);
        Assert.Empty(await Store.LoadListingsAsync(T0, CancellationToken.None));
    }

    [Fact]
    public async Task Reporters_are_stored_with_the_address_and_only_agreement_lists_with_the_listing_naming_them_issue_18()
    {
        static EvidenceDelta From(string reporter, DateTimeOffset at) =>
            Delta("11.0.0.1", 5, at, "pregreet") with { Reporters = [new ReporterMark(reporter, at, false)] };

        var alone = Assert.Single(await MergeAsync(T0, From("det-a", T0)));
        Assert.False(alone.Record.IsListedAt(T0));
        var stored = await Store.GetAsync(IPAddress.Parse("11.0.0.1"), CancellationToken.None);
        Assert.Equal([new ReporterMark("det-a", T0, false)], stored!.Reporters);
        Assert.Empty(await Store.LoadListingsAsync(T0, CancellationToken.None));

        var t1 = T0 + TimeSpan.FromMinutes(5);
        Assert.True(Assert.Single(await MergeAsync(t1, From("det-b", t1))).NewlyListed);
        var listing = Assert.Single(await Store.LoadListingsAsync(t1, CancellationToken.None));
        Assert.Equal(["det-a", "det-b"], listing.Reporters);
        stored = await Store.GetAsync(IPAddress.Parse("11.0.0.1"), CancellationToken.None);
        Assert.Equal([new ReporterMark("det-b", t1, false), new ReporterMark("det-a", T0, false)], stored!.Reporters);

        // The own sessions' evidence is stored as the trusted '*' and named by nobody.
        await MergeAsync(t1, Delta("11.0.0.2", 5, t1, "pregreet"));
        Assert.Empty((await Store.LoadListingsAsync(t1, CancellationToken.None)).Single(l => l.Address.Equals(IPAddress.Parse("11.0.0.2"))).Reporters);
        Assert.Equal([ReporterMark.Local(t1)], (await Store.GetAsync(IPAddress.Parse("11.0.0.2"), CancellationToken.None))!.Reporters);
    }

    [Fact]
    public async Task Allow_listed_address_is_scored_but_never_listed()
    {
        var allowed = Delta("192.0.2.9", 50, T0, "trap-address") with { Allowed = true };
        var result = Assert.Single(await MergeAsync(T0, allowed));
        Assert.False(result.NewlyListed);
        Assert.Equal(50, result.Record.Score);
        Assert.Null(result.Record.ListedAt);
        Assert.Empty(await Store.LoadListingsAsync(T0, CancellationToken.None));
    }

    [Fact]
    public async Task Listing_lapses_listing_ttl_after_the_newest_evidence_and_expiry_delists_it()
    {
        await MergeAsync(T0, Delta("192.0.2.1", 5, T0), Delta("192.0.2.2", 5, T0));
        var t1 = T0 + TimeSpan.FromHours(12);
        await MergeAsync(t1, Delta("192.0.2.2", 1, t1));

        Assert.Empty(await Store.ExpireListingsAsync(T0 + Rules.ListingTtl - TimeSpan.FromMilliseconds(1), CancellationToken.None));
        var expired = await Store.ExpireListingsAsync(T0 + Rules.ListingTtl, CancellationToken.None);
        Assert.Equal([IPAddress.Parse("192.0.2.1")], expired);
        var left = Assert.Single(await Store.LoadListingsAsync(T0 + Rules.ListingTtl, CancellationToken.None));
        Assert.Equal(IPAddress.Parse("192.0.2.2"), left.Address);
        Assert.Null((await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None))!.ListedAt);
    }

    [Fact]
    public async Task Lapsed_listing_is_not_loaded_even_before_expiry_runs_and_new_evidence_lists_it_anew()
    {
        await MergeAsync(T0, Delta("192.0.2.1", 5, T0));
        var late = T0 + Rules.ListingTtl + TimeSpan.FromHours(1);
        Assert.Empty(await Store.LoadListingsAsync(late, CancellationToken.None));
        var again = Assert.Single(await MergeAsync(late, Delta("192.0.2.1", 5, late)));
        Assert.True(again.NewlyListed);
        Assert.Equal(late, again.Record.ListedAt);
    }

    [Fact]
    public async Task Evidence_older_than_the_listing_ttl_is_scored_but_does_not_list()
    {
        var now = T0 + Rules.ListingTtl + TimeSpan.FromMinutes(1);
        var result = Assert.Single(await MergeAsync(now, Delta("192.0.2.1", 10, T0)));
        Assert.False(result.NewlyListed);
        Assert.Null(result.Record.ListedAt);
    }

    [Fact]
    public async Task Merges_in_either_order_give_the_same_score()
    {
        var t1 = T0 + TimeSpan.FromMinutes(30);
        await MergeAsync(t1, Delta("192.0.2.1", 1, T0));
        await MergeAsync(t1, Delta("192.0.2.1", 2, t1));
        await MergeAsync(t1, Delta("192.0.2.2", 2, t1));
        await MergeAsync(t1, Delta("192.0.2.2", 1, T0));
        var a = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        var b = await Store.GetAsync(IPAddress.Parse("192.0.2.2"), CancellationToken.None);
        Assert.Equal(a!.Score, b!.Score, 9);
        Assert.Equal(2 + Math.Pow(0.5, 0.5), a.Score, 9);
        Assert.Equal((a.ScoreAt, a.FirstSeen, a.LastSeen), (b.ScoreAt, b.FirstSeen, b.LastSeen));
    }

    [Fact]
    public async Task Same_address_twice_in_one_batch_is_folded()
    {
        var result = await MergeAsync(T0, Delta("192.0.2.1", 1, T0, "a"), Delta("192.0.2.1", 1, T0, "b"));
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.NotEmpty(result);
        Assert.Equal((2.0, 2L), (stored!.Score, stored.Verdicts));
        Assert.Equal(["a", "b"], stored.Reasons);
    }

    [Fact]
    public async Task Reasons_are_kept_sorted_distinct_and_bounded()
    {
        var many = Enumerable.Range(0, 40).Select(i => $"zone{i:00}.example").ToArray();
        await MergeAsync(T0, Delta("192.0.2.1", 1, T0, "no-quit", "pregreet"));
        await MergeAsync(T0, Delta("192.0.2.1", 1, T0, ["pregreet", .. many]));
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.Equal(Rules.MaxReasons, stored!.Reasons.Count);
        Assert.Equal(stored.Reasons.Order(StringComparer.Ordinal), stored.Reasons);
        Assert.Contains("no-quit", stored.Reasons);
        Assert.Equal(stored.Reasons.Count, stored.Reasons.Distinct().Count());
    }

    [Fact]
    public async Task Ipv6_and_ipv4_mapped_addresses_are_one_row_each_family_kept_apart()
    {
        await MergeAsync(T0, Delta("2001:db8::1", 2, T0), Delta("192.0.2.1", 1, T0));
        await MergeAsync(T0, Delta("2001:db8::1", 2, T0), Delta("::ffff:192.0.2.1", 3, T0) with { Address = IPAddress.Parse("192.0.2.1") });
        var v6 = await Store.GetAsync(IPAddress.Parse("2001:db8::1"), CancellationToken.None);
        var v4 = await Store.GetAsync(IPAddress.Parse("::ffff:192.0.2.1"), CancellationToken.None);
        Assert.Equal((4.0, IPAddress.Parse("2001:db8::1")), (v6!.Score, v6.Address));
        Assert.Equal((4.0, IPAddress.Parse("192.0.2.1")), (v4!.Score, v4.Address));
        var listings = await Store.LoadListingsAsync(T0, CancellationToken.None);
        Assert.Contains(listings, l => l.Address.Equals(IPAddress.Parse("2001:db8::1")) && l.PrefixLength == 128);
    }

    [Fact]
    public async Task Manual_listing_is_loaded_with_its_reason_until_delisted_and_both_are_audited_with_who()
    {
        var net = IPNetwork.Parse("198.51.100.0/24");
        var listing = Assert.Single(await Store.ManualListAsync([net], "abuse report 42", "alice", null, T0, CancellationToken.None));
        Assert.Equal((ListingClass.Manual, 24, (DateTimeOffset?)null), (listing.Class, listing.PrefixLength, listing.Expires));
        var loaded = Assert.Single(await Store.LoadListingsAsync(T0 + TimeSpan.FromDays(365), CancellationToken.None));
        Assert.Equal((IPAddress.Parse("198.51.100.0"), 24, ListingClass.Manual), (loaded.Address, loaded.PrefixLength, loaded.Class));
        Assert.Equal(["abuse report 42"], loaded.Reasons);

        var result = await Store.ManualDelistAsync(net, "resolved", "bob", T0 + TimeSpan.FromHours(1), CancellationToken.None);
        Assert.True(result.ManualRemoved);
        Assert.Empty(await Store.LoadListingsAsync(T0, CancellationToken.None));
        var audit = await Store.ManualActionsAsync(10, CancellationToken.None);
        Assert.Equal(["delist bob resolved", "list alice abuse report 42"], audit.Select(a => $"{a.Action} {a.Actor} {a.Reason}"));
        Assert.All(audit, a => Assert.Equal(net, a.Network));
    }

    [Fact]
    public async Task Manual_listing_with_an_expiry_is_loaded_until_it_and_the_expiry_ends_it_with_an_audit_row_issue_16()
    {
        var expires = T0 + TimeSpan.FromDays(7);
        var listed = Assert.Single(await Store.ManualListAsync([IPNetwork.Parse("203.0.113.0/24")], "campaign", "alice", expires, T0, CancellationToken.None));
        await Store.ManualListAsync([IPNetwork.Parse("198.51.100.7/32")], "for good", "alice", null, T0, CancellationToken.None);
        Assert.Equal(expires, listed.Expires);

        var before = expires - TimeSpan.FromMilliseconds(1);
        Assert.Equal(expires, (await Store.LoadListingsAsync(before, CancellationToken.None)).Single(l => l.PrefixLength == 24).Expires);
        Assert.Empty(await Store.ExpireManualListingsAsync(before, CancellationToken.None));

        // Past its expiry it is not loaded even before the chore ran, and the chore then ends it, once.
        Assert.Equal(["198.51.100.7"], (await Store.LoadListingsAsync(expires, CancellationToken.None)).Select(l => l.Address.ToString()));
        Assert.Equal([IPNetwork.Parse("203.0.113.0/24")], await Store.ExpireManualListingsAsync(expires, CancellationToken.None));
        Assert.Empty(await Store.ExpireManualListingsAsync(expires + TimeSpan.FromDays(1), CancellationToken.None));
        var audit = await Store.ManualActionsAsync(10, CancellationToken.None);
        Assert.Equal("expire listing-expiry campaign 203.0.113.0/24", $"{audit[0].Action} {audit[0].Actor} {audit[0].Reason} {audit[0].Network}");
        Assert.Equal(expires, audit[0].At);
        Assert.Equal(["198.51.100.7"], (await Store.LoadListingsAsync(expires + TimeSpan.FromDays(3650), CancellationToken.None)).Select(l => l.Address.ToString()));
    }

    [Fact]
    public async Task Listing_again_replaces_the_expiry_so_a_listing_without_one_stays_issue_16()
    {
        var net = IPNetwork.Parse("192.0.2.0/28");
        await Store.ManualListAsync([net], "first", "alice", T0 + TimeSpan.FromHours(1), T0, CancellationToken.None);
        await Store.ManualListAsync([net], "permanent now", "bob", null, T0 + TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Empty(await Store.ExpireManualListingsAsync(T0 + TimeSpan.FromDays(1), CancellationToken.None));
        var loaded = Assert.Single(await Store.LoadListingsAsync(T0 + TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(["permanent now"], loaded.Reasons);
        Assert.Null(loaded.Expires);
    }

    [Fact]
    public async Task Many_networks_are_listed_in_one_call_each_audited_in_order_and_a_repeat_is_listed_once_issue_16()
    {
        IPNetwork[] networks = [IPNetwork.Parse("192.0.2.1/32"), IPNetwork.Parse("2001:db8::/48"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("192.0.2.1/32")];
        var listings = await Store.ManualListAsync(networks, "imported list", "carol", T0 + TimeSpan.FromDays(1), T0, CancellationToken.None);
        Assert.Equal(networks.Select(n => (n.BaseAddress, n.PrefixLength)), listings.Select(l => (l.Address, l.PrefixLength)));
        var loaded = await Store.LoadListingsAsync(T0, CancellationToken.None);
        Assert.Equal(["192.0.2.1/32", "198.51.100.0/24", "2001:db8::/48"], loaded.Select(l => $"{l.Address}/{l.PrefixLength}").Order());
        Assert.All(loaded, l => Assert.Equal((ListingClass.Manual, T0 + TimeSpan.FromDays(1)), (l.Class, l.Expires!.Value)));
        var audit = await Store.ManualActionsAsync(10, CancellationToken.None);
        Assert.Equal(networks.Reverse(), audit.Select(a => a.Network));
        Assert.All(audit, a => Assert.Equal("list carol imported list", $"{a.Action} {a.Actor} {a.Reason}"));
    }

    [Fact]
    public async Task Manual_delist_ends_scored_listings_in_the_network_and_zeroes_their_scores()
    {
        await MergeAsync(T0, Delta("203.0.113.5", 9, T0), Delta("203.0.113.6", 9, T0), Delta("198.51.100.1", 9, T0));
        var result = await Store.ManualDelistAsync(IPNetwork.Parse("203.0.113.0/24"), "false positive", "carol", T0, CancellationToken.None);
        Assert.False(result.ManualRemoved);
        Assert.Equal(["203.0.113.5", "203.0.113.6"], result.Delisted.Select(a => a.ToString()).Order());
        Assert.Equal(IPAddress.Parse("198.51.100.1"), Assert.Single(await Store.LoadListingsAsync(T0, CancellationToken.None)).Address);
        Assert.Equal(0, (await Store.GetAsync(IPAddress.Parse("203.0.113.5"), CancellationToken.None))!.Score);

        var relisted = Assert.Single(await MergeAsync(T0, Delta("203.0.113.5", 1, T0)));
        Assert.False(relisted.NewlyListed);
    }

    [Fact]
    public async Task Purge_deletes_only_unlisted_addresses_unseen_since_the_cutoff()
    {
        await MergeAsync(T0, Delta("192.0.2.1", 1, T0), Delta("192.0.2.2", 9, T0));
        var t1 = T0 + TimeSpan.FromHours(2);
        await MergeAsync(t1, Delta("192.0.2.3", 1, t1));
        Assert.Equal(1, await Store.PurgeAsync(T0 + TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Null(await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None));
        Assert.NotNull(await Store.GetAsync(IPAddress.Parse("192.0.2.2"), CancellationToken.None));
        Assert.NotNull(await Store.GetAsync(IPAddress.Parse("192.0.2.3"), CancellationToken.None));
    }

    [Fact]
    public async Task Store_applies_exactly_the_rules_of_the_pure_scorer_over_a_random_history()
    {
        var random = new Random(5);
        var addresses = Enumerable.Range(1, 20).Select(i => $"10.0.{i / 8}.{i}").ToArray();
        var expected = new Dictionary<string, ReputationRecord?>();
        var now = T0;
        for (var round = 0; round < 15; round++)
        {
            now += TimeSpan.FromMinutes(random.Next(0, 400));
            var batch = addresses.Where(_ => random.Next(3) == 0).Distinct()
                .Select(a => Delta(a, Math.Round(random.NextDouble() * 2, 3), now - TimeSpan.FromMinutes(random.Next(0, 90)), random.Next(4) == 0 ? "pregreet" : "no-quit")
                    with { SoftKinds = random.Next(4) == 0 ? 0 : SoftKinds[random.Next(SoftKinds.Length)], Virtue = random.Next(3) == 0 ? -2 : 0 })
                .ToArray();
            var results = await Store.MergeAsync(batch, now, CancellationToken.None);
            foreach (var delta in batch)
            {
                var key = delta.Address.ToString();
                var model = Scorer.Merge(expected.GetValueOrDefault(key), delta, now, Rules);
                expected[key] = model.Record;
                var actual = Assert.Single(results, r => r.Record.Address.Equals(delta.Address));
                Assert.Equal(model.NewlyListed, actual.NewlyListed);
                AssertSame(model.Record, actual.Record);
            }
        }

        foreach (var (address, record) in expected)
        {
            AssertSame(record!, (await Store.GetAsync(IPAddress.Parse(address), CancellationToken.None))!);
        }
    }

    // Issue 15: the listing rule's examples, through the store (ListingRuleSpec holds the same on the pure rule).
    [Fact]
    public async Task Soft_sins_alone_never_list_however_often_and_a_retry_takes_them_to_zero()
    {
        var all = SoftKinds.Aggregate((a, b) => a | b);
        var now = T0;
        for (var session = 0; session < 30; session++)
        {
            now += TimeSpan.FromMinutes(20);
            var result = Assert.Single(await MergeAsync(now, Delta("192.0.2.61", 0, now, "missing-rdns", "helo-not-fqdn") with { SoftKinds = all }));
            Assert.Null(result.Record.ListedAt);
            Assert.Equal(Rules.SoftCap, Scorer.Standing(result.Record, now, Rules), 9);
        }

        now += TimeSpan.FromMinutes(20);
        var retried = Assert.Single(await MergeAsync(now, Delta("192.0.2.61", 0, now, "retried") with { SoftKinds = all, Virtue = -2 }));
        Assert.Equal(0, Scorer.Standing(retried.Record, now, Rules), 9);

        // Hard evidence is not offset by the retry: 2 + 2 (soft, back once the virtue halves twice) lists.
        now += TimeSpan.FromHours(2);
        var strong = Assert.Single(await MergeAsync(now, Delta("192.0.2.61", 2, now, "pregreet") with { SoftKinds = all }));
        Assert.Equal(2 + Rules.SoftCap - 0.5, Scorer.Standing(strong.Record, now, Rules), 9);
        Assert.True(strong.NewlyListed);
    }

    [Fact]
    public async Task Soft_kinds_count_once_per_evidence_window_and_a_new_window_starts_afresh()
    {
        var missing = SessionEvidence.Bit(SinKind.MissingRdns);
        var shortHelo = SessionEvidence.Bit(SinKind.HeloNotFqdn);
        await MergeAsync(T0, Delta("192.0.2.62", 0, T0) with { SoftKinds = missing });
        var t1 = T0 + TimeSpan.FromDays(2);
        var second = Assert.Single(await MergeAsync(t1, Delta("192.0.2.62", 0, t1) with { SoftKinds = missing | shortHelo }));
        Assert.Equal((missing | shortHelo, (DateTimeOffset?)T0), (second.Record.SoftKinds, second.Record.SoftSince));
        var t2 = T0 + Rules.EvidenceWindow;
        var third = Assert.Single(await MergeAsync(t2, Delta("192.0.2.62", 0, t2) with { SoftKinds = shortHelo }));
        Assert.Equal((shortHelo, (DateTimeOffset?)t2), (third.Record.SoftKinds, third.Record.SoftSince));
        Assert.Equal(third.Record.SoftKinds, (await Store.GetAsync(IPAddress.Parse("192.0.2.62"), CancellationToken.None))!.SoftKinds);
    }

    // Verdict ids: a sender resends a verdict until its store acknowledges it; a resend must never count twice.
    [Fact]
    public async Task Same_batch_merged_twice_changes_nothing_the_second_time()
    {
        var batch = new[] { OneVerdict("192.0.2.1", 1.5, T0, 1), OneVerdict("192.0.2.2", 4, T0, 2) };
        var first = await Store.MergeAsync(batch, T0, CancellationToken.None);
        Assert.Equal(2, first.Count);
        var t1 = T0 + TimeSpan.FromMinutes(1);

        Assert.Empty(await Store.MergeAsync(batch, t1, CancellationToken.None));

        foreach (var applied in first)
        {
            AssertSame(applied.Record, (await Store.GetAsync(applied.Record.Address, CancellationToken.None))!);
        }

        var listing = Assert.Single(await Store.LoadListingsAsync(t1, CancellationToken.None));
        Assert.Equal((IPAddress.Parse("192.0.2.2"), 4.0, T0 + Rules.ListingTtl), (listing.Address, listing.Score, listing.Expires));
        Assert.Equal(2, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Batch_with_one_new_and_one_old_id_applies_only_the_new_one()
    {
        var old = OneVerdict("192.0.2.1", 2, T0, 10);
        var fresh = OneVerdict("192.0.2.1", 0.5, T0 + TimeSpan.FromSeconds(2), 11, "pregreet");
        await MergeAsync(T0, old);
        var t1 = T0 + TimeSpan.FromSeconds(2);

        var result = Assert.Single(await MergeAsync(t1, old, fresh));

        AssertSame(Scorer.Merge(Scorer.Merge(null, old, T0, Rules).Record, fresh, t1, Rules).Record, result.Record);
        Assert.Equal(2L, result.Record.Verdicts);
        Assert.Equal(1, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Resend_in_a_later_batch_seconds_apart_counts_once_even_after_the_first_was_combined()
    {
        // The first copy reached the store inside a combined delta (a shard's fold, or a spooled batch)...
        var a = OneVerdict("192.0.2.1", 1, T0, 21);
        var b = OneVerdict("192.0.2.1", 1.5, T0 + TimeSpan.FromSeconds(1), 22);
        await MergeAsync(T0 + TimeSpan.FromSeconds(1), Scorer.Combine(a, b, Rules.HalfLife, Rules.MaxReasons), OneVerdict("192.0.2.2", 1, T0, 23));
        var t1 = T0 + TimeSpan.FromSeconds(4);

        // ...and its sender, never acknowledged, resends the verdicts one by one a few seconds later.
        var resent = await MergeAsync(t1, b, OneVerdict("192.0.2.2", 1, T0, 23), OneVerdict("192.0.2.3", 1, t1, 24));

        Assert.Equal(IPAddress.Parse("192.0.2.3"), Assert.Single(resent).Record.Address);
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.Equal(Math.Pow(0.5, 1 / 3600.0) + 1.5, stored!.Score, 9);
        Assert.Equal(2L, stored.Verdicts);
        Assert.Equal(1L, (await Store.GetAsync(IPAddress.Parse("192.0.2.2"), CancellationToken.None))!.Verdicts);
        Assert.Equal(2, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Same_id_twice_in_one_batch_counts_once()
    {
        Assert.NotEmpty(await MergeAsync(T0, OneVerdict("192.0.2.1", 2, T0, 31), OneVerdict("192.0.2.1", 2, T0, 31), OneVerdict("192.0.2.1", 0.5, T0, 32)));
        var stored = await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        Assert.Equal((2.5, 2L, (DateTimeOffset?)null), (stored!.Score, stored.Verdicts, stored.ListedAt));
        Assert.Equal(1, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Evidence_without_ids_is_applied_every_time_as_before_ids()
    {
        var old = Delta("192.0.2.1", 1, T0);
        await MergeAsync(T0, old);
        var result = Assert.Single(await MergeAsync(T0, old));
        Assert.Equal((2.0, 2L), (result.Record.Score, result.Record.Verdicts));
        Assert.Equal(0, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Ids_purged_with_the_retention_may_be_applied_again_but_their_evidence_can_no_longer_list()
    {
        // Why that is fine: an id outlives any resend and any replay of a store outage shorter than the retention; a
        // verdict resent later is older than the listing TTL, and its decayed evidence lists nothing on its own.
        var verdict = OneVerdict("192.0.2.1", 9, T0, 41, "trap-address");
        Assert.True(Assert.Single(await MergeAsync(T0, verdict)).NewlyListed);
        var retention = TimeSpan.FromDays(7);
        var t1 = T0 + retention + TimeSpan.FromMinutes(1);
        Assert.Empty(await MergeAsync(T0 + retention, verdict));
        await Store.ExpireListingsAsync(t1, CancellationToken.None);

        Assert.Equal(1, await Store.PurgeAsync(t1 - retention, CancellationToken.None));

        var again = Assert.Single(await MergeAsync(t1, verdict));
        Assert.Equal((1L, false, (DateTimeOffset?)null), (again.Record.Verdicts, again.NewlyListed, again.Record.ListedAt));
        Assert.Empty(await Store.LoadListingsAsync(t1, CancellationToken.None));
        Assert.Equal(1, Store.DuplicatesSkipped);
    }

    [Fact]
    public async Task Purge_keeps_the_ids_applied_since_the_cutoff()
    {
        await MergeAsync(T0, OneVerdict("192.0.2.1", 1, T0, 51));
        var t1 = T0 + TimeSpan.FromHours(2);
        await MergeAsync(t1, OneVerdict("192.0.2.1", 1, t1, 52));

        await Store.PurgeAsync(T0 + TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Single(await MergeAsync(t1, OneVerdict("192.0.2.1", 1, T0, 51)));
        Assert.Empty(await MergeAsync(t1, OneVerdict("192.0.2.1", 1, t1, 52)));
        Assert.Equal(3L, (await Store.GetAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None))!.Verdicts);
    }

    private static EvidenceDelta OneVerdict(string address, double score, DateTimeOffset at, long id, string reason = "no-quit") =>
        Delta(address, score, at, reason) with { Ids = [id] };

    private static readonly int[] SoftKinds =
        [.. Enum.GetValues<SinKind>().Where(k => k.Class() == SinClass.Soft).Select(SessionEvidence.Bit)];

    private static void AssertSame(ReputationRecord expected, ReputationRecord actual)
    {
        Assert.Equal(expected.Score, actual.Score, 9);
        Assert.Equal(expected.Virtue, actual.Virtue, 9);
        Assert.Equal((expected.SoftKinds, expected.SoftSince), (actual.SoftKinds, actual.SoftSince));
        Assert.Equal((expected.Address, expected.ScoreAt, expected.FirstSeen, expected.LastSeen, expected.Verdicts, expected.Trap, expected.ListedAt, expected.Expires),
            (actual.Address, actual.ScoreAt, actual.FirstSeen, actual.LastSeen, actual.Verdicts, actual.Trap, actual.ListedAt, actual.Expires));
        Assert.Equal(expected.Reasons, actual.Reasons);
    }
}
