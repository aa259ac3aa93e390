using System.Net;
using System.Text;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Tests.Reputation;

/// <summary>
/// The shard hash is part of the data format (PostgreSQL partition key, shard placement): these vectors were
/// computed by an independent implementation (FNV-1a 64 + MurmurHash3 fmix64 in Python) and must never change.
/// </summary>
public sealed class ShardKeySpec
{
    [Theory]
    [InlineData("0.0.0.0", 0xe6495528e0ac24b2, 18)]
    [InlineData("127.0.0.1", 0x6aaffe6e6ba98b75, 21)]
    [InlineData("127.0.0.9", 0x34b4c886f60e4881, 1)]
    [InlineData("192.0.2.1", 0x97f48f4f11a0ff40, 0)]
    [InlineData("203.0.113.200", 0x5aa091b7a3881799, 25)]
    [InlineData("::1", 0xb55b74000d560088, 8)]
    [InlineData("2001:db8::1", 0x8dec2b2d0b0e530f, 15)]
    [InlineData("::ffff:192.0.2.1", 0x97f48f4f11a0ff40, 0)]
    public void Hash_and_shard_of_32_match_the_fixed_vectors(string address, ulong hash, int shard)
    {
        var key = IpKey.From(IPAddress.Parse(address));
        Assert.Equal(hash, ShardKey.Hash(key));
        Assert.Equal(shard, ShardKey.Shard(key, 32));
        Assert.Equal(unchecked((long)hash), ShardKey.PartitionKey(key));
    }

    [Fact]
    public void Fnv1a_matches_the_published_test_vectors()
    {
        Assert.Equal(0xcbf29ce484222325UL, ShardKey.Fnv1a([]));
        Assert.Equal(0xaf63dc4c8601ec8cUL, ShardKey.Fnv1a(Encoding.ASCII.GetBytes("a")));
    }

    [Fact]
    public void Ipv4_and_its_mapped_ipv6_form_are_the_same_key()
    {
        var v4 = IpKey.From(IPAddress.Parse("198.51.100.7"));
        var mapped = IpKey.From(IPAddress.Parse("::ffff:198.51.100.7"));
        Assert.Equal(v4, mapped);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), v4.ToAddress());
        Assert.True(v4.IsIPv4Mapped);
    }

    [Fact]
    public void Consecutive_addresses_spread_over_every_shard_evenly()
    {
        var counts = new int[32];
        for (var i = 0; i < 65536; i++)
        {
            counts[ShardKey.Shard(IpKey.From(new IPAddress([10, 1, (byte)(i >> 8), (byte)i])), 32)]++;
        }

        // 2048 expected per shard; a poor hash of the last bytes would leave shards empty or double.
        Assert.All(counts, c => Assert.InRange(c, 1800, 2300));
    }

    [Fact]
    public void Mask_clears_host_bits_in_the_mapped_space()
    {
        var key = IpKey.From(IPAddress.Parse("192.0.2.77"));
        Assert.Equal(IPAddress.Parse("192.0.2.0"), key.Mask(96 + 24).ToAddress());
        Assert.Equal(IPAddress.Parse("2001:db8::"), IpKey.From(IPAddress.Parse("2001:db8::5:6")).Mask(64).ToAddress());
        Assert.Equal(IPAddress.Parse("2001:db8:0:0:8000::"), IpKey.From(IPAddress.Parse("2001:db8::ffff:1:2:3")).Mask(65).ToAddress());
    }
}
