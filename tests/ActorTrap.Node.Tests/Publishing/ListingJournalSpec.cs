using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Reputation;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing;

public sealed class ListingJournalSpec
{
    private readonly ManualTimeProvider clock = new();

    [Fact]
    public void Same_snapshot_twice_is_no_change_even_with_new_reason_lists()
    {
        var journal = new ListingJournal(clock);
        Assert.True(journal.Refresh([Entry("192.0.2.9", reasons: ["pregreet"])]));

        Assert.False(journal.Refresh([Entry("192.0.2.9", reasons: ["pregreet"])]));
        Assert.Equal(1, journal.Version);
    }

    [Fact]
    public void A_listing_that_gains_a_reporter_is_a_change_since_its_txt_answer_changes_issue_18()
    {
        var journal = new ListingJournal(clock);
        journal.Refresh([Entry("11.0.0.9") with { Reporters = ["det-t"] }]);

        Assert.False(journal.Refresh([Entry("11.0.0.9") with { Reporters = ["det-t"] }]));
        Assert.True(journal.Refresh([Entry("11.0.0.9") with { Reporters = ["det-a", "det-t"] }]));
        Assert.Equal(["det-a", "det-t"], Assert.Single(journal.Listings).Reporters);
    }

    [Fact]
    public void Listings_are_kept_in_address_order_IPv4_first()
    {
        var journal = new ListingJournal(clock);
        journal.Refresh([Entry("2001:db8::1"), Entry("198.51.100.7"), Entry("192.0.2.0/24"), Entry("192.0.2.9")]);

        Assert.Equal(["192.0.2.0/24", "192.0.2.9", "198.51.100.7", "2001:db8::1"], journal.Listings.Select(l => ListingKey.Of(l).ToString()));
    }

    [Fact]
    public void Since_a_cursor_gives_only_changes_with_removals_and_latest_versions()
    {
        var journal = new ListingJournal(clock);
        journal.Refresh([Entry("192.0.2.1"), Entry("192.0.2.2")]);
        var cursor = journal.Cursor;

        journal.Refresh([Entry("192.0.2.1", ListingClass.Trap), Entry("192.0.2.3")]);
        journal.Refresh([Entry("192.0.2.1", ListingClass.Manual), Entry("192.0.2.3")]);
        var view = journal.View(cursor);

        Assert.False(view.Full);
        Assert.Equal([("192.0.2.1", ListingClass.Manual), ("192.0.2.3", ListingClass.Behaviour)], view.Listed.Select(l => (l.Address.ToString(), l.Class)));
        Assert.Equal("192.0.2.2", Assert.Single(view.Delisted).ToString());
        Assert.Empty(journal.View(view.Cursor).Listed);
        Assert.False(journal.View(view.Cursor).Full);
    }

    [Theory]
    [InlineData("deadbeef-1")]
    [InlineData("garbage")]
    [InlineData("")]
    public void Unknown_cursor_gets_the_full_list(string since)
    {
        var journal = new ListingJournal(clock);
        journal.Refresh([Entry("192.0.2.1")]);

        var view = journal.View(since);

        Assert.True(view.Full);
        Assert.Single(view.Listed);
    }

    [Fact]
    public void Cursor_older_than_the_kept_changes_gets_the_full_list()
    {
        var journal = new ListingJournal(clock, maxChanges: 3);
        journal.Refresh([Entry("192.0.2.1")]);
        var old = journal.Cursor;
        journal.Refresh([Entry("192.0.2.1"), Entry("192.0.2.2"), Entry("192.0.2.3"), Entry("192.0.2.4"), Entry("192.0.2.5")]);

        Assert.True(journal.View(old).Full);
        Assert.Equal(5, journal.View(old).Listed.Count);
    }

    [Fact]
    public void Last_change_is_the_injected_time_of_the_refresh_that_changed_something()
    {
        var journal = new ListingJournal(clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        journal.Refresh([Entry("192.0.2.1")]);
        var changedAt = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(5));
        journal.Refresh([Entry("192.0.2.1")]);

        Assert.Equal(changedAt, journal.LastChange);
    }
}
