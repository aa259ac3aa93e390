using ActorTrap.Node.Hosting.Cluster;
using Akka.Actor;

namespace ActorTrap.Node.Tests.Hosting.Cluster;

/// <summary>What <c>ctl cluster leave|down|join</c> may send to Akka, decided before Akka sees it (Akka ignores a bad request silently).</summary>
public sealed class MembershipCheckSpec
{
    private static readonly Address Self = Address.Parse("akka.tcp://actortrap@10.0.0.5:4053");
    private static readonly Address Other = Address.Parse("akka.tcp://actortrap@10.0.0.6:4053");

    private static readonly MembershipSnapshot TwoMembers = new(Self, SelfIsMember: true, Terminated: false, [(Self, "up"), (Other, "up")]);

    [Theory]
    [InlineData(MembershipAction.Leave)]
    [InlineData(MembershipAction.Down)]
    public void Member_given_as_shown_or_as_host_and_port_is_accepted_with_its_status(MembershipAction action)
    {
        var shown = MembershipCheck.Check(action, "akka.tcp://actortrap@10.0.0.6:4053", TwoMembers);
        var hostPort = MembershipCheck.Check(action, " 10.0.0.6:4053 ", TwoMembers);

        Assert.Equal((202, Other, "up"), (shown.Status, shown.Target, shown.MemberStatus));
        Assert.Equal(shown, hostPort);
    }

    [Fact]
    public void This_node_itself_may_leave()
    {
        Assert.Equal(Self, MembershipCheck.Check(MembershipAction.Leave, "10.0.0.5:4053", TwoMembers).Target);
    }

    [Theory]
    [InlineData(MembershipAction.Leave)]
    [InlineData(MembershipAction.Down)]
    public void Address_that_is_not_a_member_is_404_naming_the_members(MembershipAction action)
    {
        var verdict = MembershipCheck.Check(action, "10.0.0.7:4053", TwoMembers);

        Assert.Equal(404, verdict.Status);
        Assert.Null(verdict.Target);
        Assert.Contains("akka.tcp://actortrap@10.0.0.7:4053 is not a member", verdict.Error, StringComparison.Ordinal);
        Assert.Contains("akka.tcp://actortrap@10.0.0.6:4053", verdict.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("10.0.0.6")]
    [InlineData("10.0.0.6:0")]
    [InlineData("10.0.0.6:99999")]
    [InlineData("akka.tcp://other@10.0.0.6:4053")]
    [InlineData("akka.tcp://actortrap@10.0.0.6:4053/user/x")]
    [InlineData("http://10.0.0.6:9110")]
    [InlineData("not a host:4053")]
    public void Malformed_address_is_400_for_every_action(string? text)
    {
        foreach (var action in Enum.GetValues<MembershipAction>())
        {
            var verdict = MembershipCheck.Check(action, text, TwoMembers);
            Assert.Equal(400, verdict.Status);
            Assert.Contains("host:port", verdict.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Join_from_a_node_that_is_no_member_yet_is_accepted()
    {
        var stuck = new MembershipSnapshot(Self, SelfIsMember: false, Terminated: false, []);

        var verdict = MembershipCheck.Check(MembershipAction.Join, "10.0.0.6:4053", stuck);

        Assert.Equal((202, Other, (string?)null), (verdict.Status, verdict.Target, verdict.MemberStatus));
    }

    [Fact]
    public void Join_from_a_member_is_409_because_akka_joins_once()
    {
        var elsewhere = MembershipCheck.Check(MembershipAction.Join, "10.0.0.9:4053", TwoMembers);
        var same = MembershipCheck.Check(MembershipAction.Join, "10.0.0.6:4053", TwoMembers);

        Assert.Equal(409, elsewhere.Status);
        Assert.Contains("seed-nodes = [\"akka.tcp://actortrap@10.0.0.9:4053\"]", elsewhere.Error, StringComparison.Ordinal);
        Assert.Equal(409, same.Status);
        Assert.Contains("already in the cluster of", same.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_that_left_refuses_every_action_with_409()
    {
        var gone = TwoMembers with { Terminated = true };

        Assert.All(Enum.GetValues<MembershipAction>(), a => Assert.Equal(409, MembershipCheck.Check(a, "10.0.0.6:4053", gone).Status));
    }
}
