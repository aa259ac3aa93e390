using System.Net;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Scoring;

/// <summary>The harvester class in the listing rule (issue 18): listed on a harvest, outranked by trap and behaviour evidence.</summary>
public sealed class HarvesterRuleSpec
{
    private static readonly ScoringOptions Rules = new(3, TimeSpan.FromHours(6), TimeSpan.FromHours(24));

    private static EvidenceDelta Harvest(string address, DateTimeOffset at) =>
        new(IPAddress.Parse(address), 0, at, at, 1, ["harvest:20241231t2300:1h:192.0.2.9"], false, false) { Harvester = true };

    [Fact]
    public void Harvest_lists_at_once_in_the_harvester_class_with_no_score()
    {
        var result = Scorer.Merge(null, Harvest("198.51.100.7", T0), T0, Rules);
        Assert.True(result.NewlyListed);
        Assert.Equal((ListingClass.Harvester, 0.0), (result.Record.Class, result.Record.Score));
        Assert.Equal(ListingClass.Harvester, result.Record.ToListing().Class);
    }

    [Fact]
    public void Behaviour_over_the_threshold_turns_a_harvester_listing_into_a_behaviour_one()
    {
        var harvested = Scorer.Merge(null, Harvest("198.51.100.7", T0), T0, Rules).Record;
        var weak = Scorer.Merge(harvested, Delta("198.51.100.7", 1, T0.AddMinutes(1)), T0.AddMinutes(1), Rules).Record;
        Assert.Equal(ListingClass.Harvester, weak.Class);
        var strong = Scorer.Merge(weak, Delta("198.51.100.7", 5, T0.AddMinutes(2)), T0.AddMinutes(2), Rules).Record;
        Assert.Equal(ListingClass.Behaviour, strong.Class);
        var harvestAgain = Scorer.Merge(strong, Harvest("198.51.100.7", T0.AddMinutes(3)), T0.AddMinutes(3), Rules).Record;
        Assert.Equal(ListingClass.Behaviour, harvestAgain.Class); // a harvest never weakens a listing that blocks
    }

    [Fact]
    public void Lapsed_harvester_listing_is_not_renewed_by_evidence_too_weak_to_list()
    {
        var harvested = Scorer.Merge(null, Harvest("198.51.100.7", T0), T0, Rules).Record;
        var later = T0 + TimeSpan.FromDays(2);
        var weak = Scorer.Merge(harvested, Delta("198.51.100.7", 1, later), later, Rules);
        Assert.False(weak.Record.IsListedAt(later));
        var again = Scorer.Merge(weak.Record, Harvest("198.51.100.7", later.AddMinutes(1)), later.AddMinutes(1), Rules);
        Assert.True(again.NewlyListed);
        Assert.Equal(ListingClass.Harvester, again.Record.Class);
    }

    [Fact]
    public void Allow_listed_harvester_is_never_listed()
    {
        var result = Scorer.Merge(null, Harvest("198.51.100.7", T0) with { Allowed = true }, T0, Rules);
        Assert.False(result.Record.IsListedAt(T0));
    }

    [Fact]
    public void Combined_deltas_keep_the_harvest()
    {
        var combined = Scorer.Combine(Delta("198.51.100.7", 1, T0), Harvest("198.51.100.7", T0.AddSeconds(1)), Rules.HalfLife, 24);
        Assert.True(combined.Harvester);
    }
}
