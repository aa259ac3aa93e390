using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ActorTrap.Node.Tests.Reputation.Support;

namespace ActorTrap.Node.Tests.Admin;

/// <summary>
/// <c>POST /api/cluster/leave|down|join</c> (issue 14, what <c>ctl cluster</c> sends) on two in-process nodes of one
/// cluster on PostgreSQL: each action reaches Akka and the node it names ends as Akka says, and what cannot be done
/// is refused with a status and a sentence before Akka sees it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterAdminSpec(PostgresServer postgres)
{
    private static readonly TimeSpan Stopping = TimeSpan.FromSeconds(30);

    private static Task<HttpResponseMessage> PostAsync(MemberNode node, string action, object body) =>
        node.Http.PostAsJsonAsync(new Uri("/api/cluster/" + action, UriKind.Relative), body);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<(MemberNode First, MemberNode Second)> TwoMembersAsync(string database)
    {
        var connection = await postgres.DatabaseAsync(database);
        var first = await MemberNode.StartAsync("first", connection);
        var second = await MemberNode.StartAsync("second", connection, first.Address);
        await first.WaitForJsonAsync("/api/cluster", c => MemberNode.Statuses(c).Values.Count(s => s == "up") == 2, "both members up");
        return (first, second);
    }

    [Fact]
    public async Task Leave_of_a_member_given_as_host_and_port_hands_its_shards_over_and_its_node_stops_as_left()
    {
        var (first, second) = await TwoMembersAsync("cluster_admin_leave");
        await using (first)
        await using (second)
        {
            // Both regions registered with the coordinator: the per-node view ctl shards regions prints.
            await first.WaitForJsonAsync("/api/shards/regions", r => r.GetProperty("regions").GetArrayLength() == 2, "two shard regions");
            var hostPort = second.Address[(second.Address.IndexOf('@') + 1)..];

            using var response = await PostAsync(first, "leave", new { address = hostPort });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var sent = await JsonAsync(response);
            Assert.Equal(("leave", second.Address, "up"), (sent.GetProperty("action").GetString(), sent.GetProperty("address").GetString(), sent.GetProperty("status").GetString()));
            Assert.Equal("left the cluster", await second.Host.Removed.WaitAsync(Stopping));
            Assert.False(second.Host.WasDowned);
            await first.WaitForJsonAsync("/api/cluster", c => MemberNode.Statuses(c).Keys.SequenceEqual([first.Address]), "the member gone");
        }
    }

    [Fact]
    public async Task Down_of_a_member_removes_it_and_its_node_stops_as_downed()
    {
        var (first, second) = await TwoMembersAsync("cluster_admin_down");
        await using (first)
        await using (second)
        {
            using var response = await PostAsync(first, "down", new { address = second.Address });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("downed by the cluster", await second.Host.Removed.WaitAsync(Stopping));
            Assert.True(second.Host.WasDowned);
            await first.WaitForJsonAsync("/api/cluster", c => MemberNode.Statuses(c).Keys.SequenceEqual([first.Address]), "the member gone");
        }
    }

    [Fact]
    public async Task Join_sent_to_a_node_stuck_on_an_absent_seed_makes_it_a_member_of_the_given_cluster()
    {
        var connection = await postgres.DatabaseAsync("cluster_admin_join");
        await using var first = await MemberNode.StartAsync("first", connection);
        await using var stuck = await MemberNode.StartAsync("stuck", connection, $"127.0.0.1:{ClosedPort()}");
        var before = await stuck.GetJsonAsync("/api/cluster");
        Assert.DoesNotContain(stuck.Address, MemberNode.Statuses(before).Keys);

        using var response = await PostAsync(stuck, "join", new { address = first.Address });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await JsonAsync(response)).GetProperty("status").ValueKind);
        await first.WaitForJsonAsync("/api/cluster", c => MemberNode.Statuses(c).GetValueOrDefault(stuck.Address) == "up", "the stuck node up");
        await stuck.WaitForJsonAsync("/api/cluster", c => c.GetProperty("members").GetArrayLength() == 2, "the stuck node seeing both");
    }

    [Fact]
    public async Task What_cannot_be_done_is_refused_with_a_sentence_and_nothing_reaches_akka()
    {
        await using var node = await MemberNode.StartAsync("alone", await postgres.DatabaseAsync("cluster_admin_refused"));
        await node.WaitForJsonAsync("/api/cluster", c => MemberNode.Statuses(c).GetValueOrDefault(node.Address) == "up", "the node up");
        using var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        using var unknown = await PostAsync(node, "down", new { address = "127.0.0.1:1" });
        using var malformed = await PostAsync(node, "leave", new { address = "akka.tcp://elsewhere@127.0.0.1:1" });
        using var missing = await PostAsync(node, "leave", new { });
        using var notJson = await node.Http.PostAsync(new Uri("/api/cluster/leave", UriKind.Relative), new StringContent("leave please"));
        using var member = await PostAsync(node, "join", new { address = "127.0.0.1:1" });
        using var noToken = await anonymous.PostAsJsonAsync(new Uri("/api/cluster/down", UriKind.Relative), new { address = node.Address });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"is not a member of this node's cluster, so it cannot down; they are {node.Address}",
            (await JsonAsync(unknown)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, member.StatusCode);
        Assert.Contains("Akka lets a node join once", (await JsonAsync(member)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.False(node.Host.Removed.IsCompleted);
        Assert.Equal("up", MemberNode.Statuses(await node.GetJsonAsync("/api/cluster"))[node.Address]);
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port; // nothing listens there once disposed
    }
}
