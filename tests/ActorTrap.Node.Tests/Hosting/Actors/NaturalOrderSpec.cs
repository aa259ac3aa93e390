using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;

namespace ActorTrap.Node.Tests.Hosting.Actors;

public sealed class NaturalOrderSpec
{
    [Fact]
    public void Numbers_in_names_sort_by_value_so_shard_2_comes_before_shard_10_issue_16()
    {
        string[] names = ["shard-10", "shard-2", "hold-1", "shard-1", "writer-0", "shard-02", "shard-", "shard-100", "$a", "shard-9"];

        Assert.Equal(["$a", "hold-1", "shard-", "shard-1", "shard-02", "shard-2", "shard-9", "shard-10", "shard-100", "writer-0"],
            names.Order(NaturalOrder.Instance));
    }

    [Fact]
    public void Digit_runs_longer_than_any_integer_still_compare_by_value()
    {
        Assert.True(NaturalOrder.Instance.Compare("n-99999999999999999999999", "n-100000000000000000000000") < 0);
        Assert.Equal(0, NaturalOrder.Instance.Compare("n-7", "n-7"));
    }

    [Fact]
    public async Task Actor_tree_lists_children_in_natural_order()
    {
        using var system = ActorSystem.Create("natural-order");
        system.ActorOf(Props.Empty, "parent");
        foreach (var n in new[] { 10, 2, 1, 11 })
        {
            system.ActorOf(Props.Empty, $"shard-{n}");
        }

        var tree = ActorTree.Snapshot(system, "/user");
        Assert.Equal(["/user/parent", "/user/shard-1", "/user/shard-2", "/user/shard-10", "/user/shard-11"], tree!.Children.Select(c => c.Path));
        await system.Terminate();
    }
}
