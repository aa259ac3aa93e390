using System.Net;
using ActorTrap.Node.Traps;

namespace ActorTrap.Node.Tests.Traps;

/// <summary>Sealed trap tokens (issue 18): what one node seals, any node with the key opens, and nothing else does.</summary>
public sealed class TrapTokensSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 17, 42, TimeSpan.Zero);
    private static readonly Dictionary<int, string> Keys = new() { [1] = "first-secret-0123456789", [2] = "second-secret-0123456789" };

    private static TrapTokens Tokens(int current = 1, Dictionary<int, string>? keys = null) => new(keys ?? Keys, current, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("192.0.2.9", 31)]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:fffe", 50)]
    public void Token_round_trips_the_visitor_and_the_hour_and_fits_a_local_part(string visitor, int length)
    {
        var token = Tokens().Seal(IPAddress.Parse(visitor), T0);
        Assert.Equal(length, token.Length);
        Assert.True(token.Length <= 64);
        Assert.Matches("^[a-z2-7]+$", token);
        var opened = Tokens().Open(token);
        Assert.Equal(TokenStatus.Opened, opened.Status);
        Assert.Equal(IPAddress.Parse(visitor), opened.Harvester);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), opened.HarvestedAt);
        Assert.Equal(1, opened.KeyId);
    }

    [Fact]
    public void Ipv4_mapped_visitor_is_sealed_as_its_ipv4_address()
    {
        var token = Tokens().Seal(IPAddress.Parse("::ffff:198.51.100.7"), T0);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), Tokens().Open(token).Harvester);
    }

    [Fact]
    public void Same_visitor_gets_the_same_address_within_a_bucket_and_another_in_the_next()
    {
        var visitor = IPAddress.Parse("192.0.2.9");
        var tokens = Tokens();
        Assert.Equal(tokens.Seal(visitor, T0), tokens.Seal(visitor, T0.AddMinutes(40)));
        Assert.NotEqual(tokens.Seal(visitor, T0), tokens.Seal(visitor, T0.AddHours(1)));
        Assert.NotEqual(tokens.Seal(visitor, T0), tokens.Seal(IPAddress.Parse("192.0.2.10"), T0));
    }

    [Fact]
    public void Upper_case_token_opens_as_some_senders_uppercase_addresses()
    {
        var token = Tokens().Seal(IPAddress.Parse("192.0.2.9"), T0);
        Assert.Equal(IPAddress.Parse("192.0.2.9"), Tokens().Open(token.ToUpperInvariant()).Harvester);
    }

    [Fact]
    public void Every_single_changed_character_is_refused()
    {
        var token = Tokens().Seal(IPAddress.Parse("2001:db8::9"), T0);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        for (var i = 0; i < token.Length; i++)
        {
            var flipped = token[..i] + alphabet[(alphabet.IndexOf(token[i], StringComparison.Ordinal) + 1) % 32] + token[(i + 1)..];
            var opened = Tokens().Open(flipped);
            Assert.False(opened.Opened, $"character {i} changed still opened");
            Assert.Null(opened.Harvester);
        }
    }

    [Fact]
    public void Made_up_local_parts_do_not_open()
    {
        var tokens = Tokens();
        Assert.Equal(TokenStatus.NotAToken, tokens.Open("info").Status);
        Assert.Equal(TokenStatus.NotAToken, tokens.Open(new string('a', 30)).Status);
        Assert.Equal(TokenStatus.NotAToken, tokens.Open(new string('1', 31)).Status); // 1 is not in the alphabet
        Assert.Equal(TokenStatus.Forged, tokens.Open("ae" + new string('a', 29)).Status); // key id 1, a made-up tag
    }

    [Fact]
    public void Token_of_another_key_id_or_a_revoked_key_does_not_open()
    {
        var sealedBy2 = Tokens(current: 2).Seal(IPAddress.Parse("192.0.2.9"), T0);
        Assert.True(Tokens(current: 1).Open(sealedBy2).Opened); // every listed key opens

        var revoked = Tokens(current: 1, keys: new() { [1] = Keys[1] });
        Assert.Equal(TokenStatus.UnknownKey, revoked.Open(sealedBy2).Status);

        var otherSecret = Tokens(current: 2, keys: new() { [2] = "not-the-same-secret-at-all" });
        Assert.Equal(TokenStatus.Forged, otherSecret.Open(sealedBy2).Status);
    }

    [Fact]
    public void Reload_swaps_the_keys_revoking_the_ones_left_out()
    {
        var tokens = Tokens(current: 1);
        var old = tokens.Seal(IPAddress.Parse("192.0.2.9"), T0);
        tokens.UseKeys(new Dictionary<int, string> { [2] = Keys[2] }, 2);
        Assert.Equal(TokenStatus.UnknownKey, tokens.Open(old).Status);
        Assert.Equal(2, tokens.Open(tokens.Seal(IPAddress.Parse("192.0.2.9"), T0)).KeyId);
    }
}
