using System.Net;
using System.Runtime.Serialization;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Session;
using ActorTrap.Node.Tests.Reputation.Support;
using ActorTrap.Node.Tests.Support;
using Akka.Actor;

namespace ActorTrap.Node.Tests.Reputation.Sharding;

/// <summary>The binary form of what crosses nodes: every message survives the round trip, and malformed bytes are refused.</summary>
public sealed class ReputationSerializerSpec : IAsyncLifetime
{
    private readonly ActorSpecKit kit = new();
    private ReputationSerializer serializer = null!;

    public Task InitializeAsync()
    {
        serializer = new ReputationSerializer((ExtendedActorSystem)kit.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await kit.DisposeAsync();

    private T RoundTrip<T>(T message)
    {
        var bytes = serializer.ToBinary(message!);
        return (T)serializer.FromBinary(bytes, serializer.Manifest(message!));
    }

    [Fact]
    public void Verdict_batch_keeps_its_shard_origin_and_every_delta_with_its_id()
    {
        var probe = kit.CreateProbe();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_767_000_000_000);
        var ids = new VerdictIds();
        var items = new[] { "192.0.2.1", "2001:db8::7" }
            .Select(a => Scorer.FromVerdict(Evidence.Verdict(a, now, 2, SinKind.Pregreet), false, 24) with { Ids = [ids.Next()] }).ToList();
        var back = RoundTrip(new VerdictBatch(7, probe.Ref, items));
        Assert.Equal(7, back.Shard);
        Assert.Equal(probe.Ref, back.Origin);
        Assert.Equal(items.Select(d => (d.Address, d.Score, d.Last, d.Ids[0], string.Join(' ', d.Reasons))),
            back.Items.Select(d => (d.Address, d.Score, d.Last, d.Ids[0], string.Join(' ', d.Reasons))));
    }

    [Fact]
    public void Harvest_delta_and_harvester_listing_keep_their_class_across_nodes()
    {
        var probe = kit.CreateProbe();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_767_000_000_000);
        var harvest = new EvidenceDelta(IPAddress.Parse("2001:db8::20"), 0, at, at, 1, ["harvest:20261206t1000:3h:192.0.2.9"], false, false)
        {
            Harvester = true,
            Ids = [42],
        };
        var plain = Scorer.FromVerdict(Evidence.Verdict("192.0.2.1", at, 2, SinKind.Pregreet), false, 24) with { Ids = [43] };
        var back = RoundTrip(new VerdictBatch(1, probe.Ref, [harvest, plain]));
        Assert.Equal([true, false], back.Items.Select(d => d.Harvester));
        Assert.Equal(["harvest:20261206t1000:3h:192.0.2.9"], back.Items[0].Reasons);

        var listing = new Listing(IPAddress.Parse("2001:db8::20"), 128, ListingClass.Harvester, 0, ["harvest:20261206t1000:3h:192.0.2.9"], at, at, at, at.AddDays(1));
        Assert.Equal(ListingClass.Harvester, RoundTrip(ListingChange.Listed(listing)).Listing!.Class);
    }

    [Fact]
    public void Acknowledgements_states_listing_changes_and_node_info_survive_the_round_trip()
    {
        Assert.Equal([1L, long.MinValue, long.MaxValue], RoundTrip(new VerdictsAccepted([1, long.MinValue, long.MaxValue])).Ids);
        Assert.Equal([7L, -2L], RoundTrip(new VerdictsRefused([7, -2])).Ids);
        Assert.Equal(new EntityState("192.0.2.9", "n1", 3, 4.5, true, 12), RoundTrip(new EntityState("192.0.2.9", "n1", 3, 4.5, true, 12)));
        var listing = new Listing(IPAddress.Parse("192.0.2.5"), 32, ListingClass.Trap, 4.5, ["trap-address"], DateTimeOffset.FromUnixTimeMilliseconds(1000),
            DateTimeOffset.FromUnixTimeMilliseconds(2000), DateTimeOffset.FromUnixTimeMilliseconds(3000), DateTimeOffset.FromUnixTimeMilliseconds(4000));
        var listed = RoundTrip(ListingChange.Listed(listing));
        Assert.Equal((ListingChangeKind.Listed, listing.Address, 32, ListingClass.Trap, 4.5, listing.Expires),
            (listed.Kind, listed.Listing!.Address, listed.Listing.PrefixLength, listed.Listing.Class, listed.Listing.Score, listed.Listing.Expires));
        Assert.Equal(["trap-address"], listed.Listing.Reasons);
        var manual = RoundTrip(ListingChange.ManualDelisted(IPNetwork.Parse("198.51.100.0/24")));
        Assert.Equal((ListingChangeKind.ManualDelisted, IPNetwork.Parse("198.51.100.0/24"), (Listing?)null), (manual.Kind, manual.Network, manual.Listing));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), RoundTrip(ListingChange.Delisted(IPAddress.Parse("2001:db8::1"))).Network.BaseAddress);
        var info = new NodeInfo("n2", "10.0.0.2:9110", 17, DateTimeOffset.FromUnixTimeMilliseconds(5000), 3, true, "0123456789ab");
        Assert.Equal(info, RoundTrip(info));
    }

    [Fact]
    public void Listing_change_carries_the_reporters_behind_the_listing_and_one_from_before_issue_18_has_none()
    {
        var listing = new Listing(IPAddress.Parse("11.0.0.5"), 32, ListingClass.Behaviour, 4.5, ["pregreet"], DateTimeOffset.FromUnixTimeMilliseconds(1000),
            DateTimeOffset.FromUnixTimeMilliseconds(2000), DateTimeOffset.FromUnixTimeMilliseconds(3000), DateTimeOffset.FromUnixTimeMilliseconds(4000))
        {
            Reporters = ["det-a", "det-b"],
        };

        Assert.Equal(["det-a", "det-b"], RoundTrip(ListingChange.Listed(listing)).Listing!.Reporters);
        Assert.Empty(RoundTrip(ListingChange.Listed(listing with { Reporters = [] })).Listing!.Reporters);

        // A member before issue 18 ends the message after the expiry: the reporter count is the last byte here.
        var bytes = serializer.ToBinary(ListingChange.Listed(listing with { Reporters = [] }));
        var old = (ListingChange)serializer.FromBinary(bytes[..^1], serializer.Manifest(ListingChange.Listed(listing)));
        Assert.Empty(old.Listing!.Reporters);
        Assert.Equal(4.5, old.Listing.Score);
    }

    [Fact]
    public void Node_info_from_a_member_before_issue17_has_no_settings_hash()
    {
        var info = new NodeInfo("n2", "10.0.0.2:9110", 17, DateTimeOffset.FromUnixTimeMilliseconds(5000), 3, true, "0123456789ab");
        var bytes = serializer.ToBinary(info);
        // The old form ended before the hash: its length-prefixed string is the last 13 bytes.
        var old = (NodeInfo)serializer.FromBinary(bytes[..^13], serializer.Manifest(info));
        Assert.Equal(info with { SettingsHash = "" }, old);
    }

    [Theory]
    [InlineData("B", new byte[] { })]
    [InlineData("B", new byte[] { 1, 0, 0, 0, 3, (byte)'a', (byte)'b', (byte)'c', 9, 9 })]
    [InlineData("A", new byte[] { 255, 255, 255, 127 })]
    [InlineData("L", new byte[] { 9, 4, 1, 2, 3, 4, 32, 0 })]
    [InlineData("L", new byte[] { 1, 7, 1, 2, 3 })]
    [InlineData("Z", new byte[] { 1 })]
    public void Malformed_bytes_are_refused_with_a_serialization_error(string manifest, byte[] bytes) =>
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, manifest));
}
