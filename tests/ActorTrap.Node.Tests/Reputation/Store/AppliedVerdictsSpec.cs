using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Store;
using static ActorTrap.Node.Tests.Reputation.Support.Evidence;

namespace ActorTrap.Node.Tests.Reputation.Store;

/// <summary>Which deltas a store applies once it has recorded a batch's verdict ids (the stores: StoreContract).</summary>
public sealed class AppliedVerdictsSpec
{
    private static EvidenceDelta With(params long[] ids) => Delta("192.0.2.1", 1, T0) with { Ids = ids };

    [Fact]
    public void Ids_are_the_batch_distinct_ids_in_ascending_order()
    {
        Assert.Equal([-4L, 2, 3, 9], AppliedVerdicts.Ids([With(9, 2), With(), With(2, -4), With(3)]));
        Assert.Empty(AppliedVerdicts.Ids([With(), With()]));
    }

    [Fact]
    public void Delta_with_any_id_applied_before_is_skipped_whole()
    {
        var mixed = With(1, 2);
        var fresh = AppliedVerdicts.Fresh([mixed, With(3)], new HashSet<long> { 2, 3 }, out var skipped);
        Assert.Equal([3L], Assert.Single(fresh).Ids);
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void Id_twice_in_a_batch_counts_once_and_a_delta_without_ids_always()
    {
        var (first, again, bare) = (With(5), With(5), With());
        var fresh = AppliedVerdicts.Fresh([first, again, bare, bare], new HashSet<long> { 5 }, out var skipped);
        Assert.Equal([first, bare, bare], fresh);
        Assert.Same(first, fresh[0]);
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void Delta_counting_one_verdict_twice_is_skipped()
    {
        Assert.Empty(AppliedVerdicts.Fresh([With(6, 6)], new HashSet<long> { 6 }, out var skipped));
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void Id_of_a_skipped_delta_is_still_free_for_a_later_delta_of_the_batch()
    {
        // The mixed delta is skipped, so verdict 8 has not been counted yet: its own copy may be.
        var alone = With(8);
        var fresh = AppliedVerdicts.Fresh([With(7, 8), alone], new HashSet<long> { 8 }, out var skipped);
        Assert.Same(alone, Assert.Single(fresh));
        Assert.Equal(1, skipped);
    }
}
