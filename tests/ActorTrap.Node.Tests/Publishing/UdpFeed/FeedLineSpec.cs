using System.Net;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.UdpFeed;
using ActorTrap.Node.Session;

namespace ActorTrap.Node.Tests.Publishing.UdpFeed;

public sealed class FeedLineSpec
{
    internal static readonly byte[] Key = Encoding.UTF8.GetBytes("feed-test-key-0123456789abcdef");
    internal static readonly DateTimeOffset End = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The reporter the specs sign as, with <see cref="Key"/>.</summary>
    internal const string KeyId = "det-a";

    internal static FeedReporterOptions Reporter(string id = KeyId, byte[]? key = null, bool trusted = false, int maxNewPerMinute = 1_000_000,
        bool revoked = false, double weight = 1) =>
        new(id, key ?? Key, trusted, weight, maxNewPerMinute, revoked);

    /// <summary>A collector's rules: <see cref="KeyId"/> with <see cref="Key"/> unless other reporters are given; nothing allow-listed.</summary>
    internal static FeedPolicy Policy(params FeedReporterOptions[] reporters) => new(reporters.Length == 0 ? [Reporter()] : reporters, []);

    internal static Verdict Verdict(string ip = "192.0.2.9", double score = 3.5, DateTimeOffset? end = null, params Sin[] sins) =>
        new(IPAddress.Parse(ip), "node-a", (end ?? End) - TimeSpan.FromSeconds(12), end ?? End, SessionMode.Observe, SessionOutcome.Observed, null,
            sins.Length == 0 ? [new Sin(SinKind.Pregreet, 1), new Sin(SinKind.NoQuit, 2.5, "detail stays home")] : sins,
            score, "helo.example", "a@b", ["example.org"], QuitSent: false, 100, 200);

    [Fact]
    public void Line_has_the_documented_fields_and_a_lowercase_hex_mac()
    {
        var line = Encoding.ASCII.GetString(FeedLine.Format(Verdict(), KeyId, Key));

        Assert.Matches("^ATF2 det-a 1735689600000 node-a 192.0.2.9 3.5 pregreet=1,no-quit=2.5 observe observed 12000 0 [0-9a-f]{64}$", line);
    }

    [Fact]
    public void Signed_line_reads_back_into_the_verdict_without_the_details_that_stay_on_the_detector()
    {
        var result = FeedLine.TryParse(FeedLine.Format(Verdict(), KeyId, Key), Key, out var verdict, out var timestamp, out _);

        Assert.Equal(FeedRejection.None, result);
        Assert.Equal(End.ToUnixTimeMilliseconds(), timestamp);
        Assert.Equal(IPAddress.Parse("192.0.2.9"), verdict!.Client);
        Assert.Equal(("node-a", 3.5, SessionOutcome.Observed, SessionMode.Observe, TimeSpan.FromSeconds(12)), (verdict.Node, verdict.Score, verdict.Outcome, verdict.Mode, verdict.Duration));
        Assert.Equal([new Sin(SinKind.Pregreet, 1), new Sin(SinKind.NoQuit, 2.5)], verdict.Sins);
        Assert.Null(verdict.Helo);
    }

    [Fact]
    public void IPv6_and_IPv4_mapped_clients_travel_in_their_plain_form()
    {
        FeedLine.TryParse(FeedLine.Format(Verdict("::ffff:192.0.2.1"), KeyId, Key), Key, out var mapped, out _, out _);
        FeedLine.TryParse(FeedLine.Format(Verdict("2001:db8::7"), KeyId, Key), Key, out var v6, out _, out _);

        Assert.Equal(IPAddress.Parse("192.0.2.1"), mapped!.Client);
        Assert.Equal(IPAddress.Parse("2001:db8::7"), v6!.Client);
    }

    [Theory]
    [InlineData("2001:DB8:0:0:1:0:0:7", " 2001:db8::1:0:0:7 ")]
    [InlineData("::1.2.3.4", " ::102:304 ")]
    public void IPv6_clients_are_written_in_the_notation_of_every_feed_issue_16(string client, string expected) =>
        Assert.Contains(expected, Encoding.ASCII.GetString(FeedLine.Format(Verdict(client), KeyId, Key)), StringComparison.Ordinal);

    [Fact]
    public void Altered_byte_anywhere_breaks_the_mac()
    {
        var line = FeedLine.Format(Verdict(), KeyId, Key);
        // From the time on: the key id picks the key, so altering it is an unknown reporter, not a bad MAC.
        for (var i = 11; i < line.Length - 65; i++)
        {
            var forged = line.ToArray();
            forged[i] = forged[i] == (byte)'7' ? (byte)'8' : (byte)'7';
            Assert.Equal(FeedRejection.BadMac, FeedLine.TryParse(forged, Key, out _, out _, out _));
        }
    }

    [Fact]
    public void Line_signed_with_another_key_is_rejected()
    {
        var line = FeedLine.Format(Verdict(), KeyId, Encoding.UTF8.GetBytes("some-other-key-0123456789abcdef"));

        Assert.Equal(FeedRejection.BadMac, FeedLine.TryParse(line, Key, out _, out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(64)]
    public void Truncated_line_is_rejected(int cut)
    {
        var line = FeedLine.Format(Verdict(), KeyId, Key);

        Assert.NotEqual(FeedRejection.None, FeedLine.TryParse(line.AsSpan(0, line.Length - cut), Key, out _, out _, out _));
    }

    [Fact]
    public void Line_over_512_bytes_is_oversized_before_anything_else_is_checked()
    {
        var line = Encoding.ASCII.GetBytes("ATF2 " + new string('x', 600));

        Assert.Equal(FeedRejection.Oversized, FeedLine.TryParse(line, Key, out _, out _, out _));
    }

    [Theory]
    [InlineData("ATF1 1 n 1.2.3.4 1 - observe observed 0 0", "UnknownVersion")]
    [InlineData("ATF3 det-a 1 n 1.2.3.4 1 - observe observed 0 0", "UnknownVersion")]
    [InlineData("HELLO", "Malformed")]
    [InlineData("ATF2 Det-A 1 n 1.2.3.4 1 - observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det.a 1 n 1.2.3.4 1 - observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n 1.2.3.4 1 - observe observed 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n 1.2.3.4 1 made-up=1 observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n 1.2.3.4 NaN - observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n not-an-ip 1 - observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n fe80::1%eth0 1 - observe observed 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n 1.2.3.4 1 - observe Held 0 0", "Malformed")]
    [InlineData("ATF2 det-a 1 n/x 1.2.3.4 1 - observe observed 0 0", "Malformed")]
    public void Correctly_signed_line_with_a_bad_field_is_rejected(string body, string reason)
    {
        var expected = Enum.Parse<FeedRejection>(reason);
        var mac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(body)));

        Assert.Equal(expected, FeedLine.TryParse(Encoding.ASCII.GetBytes(body + " " + mac), Key, out _, out _, out _));
    }

    [Fact]
    public void Verdict_with_too_many_sins_to_fit_keeps_its_score_and_first_sins()
    {
        var sins = Enumerable.Range(0, 40).Select(i => new Sin(SinKind.HeloRecipientDomain, i + 0.123456)).ToArray();

        var line = FeedLine.Format(Verdict(score: 99, sins: sins), KeyId, Key);
        var result = FeedLine.TryParse(line, Key, out var verdict, out _, out _);

        Assert.True(line.Length <= FeedLine.MaxBytes);
        Assert.Equal(FeedRejection.None, result);
        Assert.Equal(99, verdict!.Score);
        Assert.Equal(sins.Take(verdict.Sins.Count), verdict.Sins);
    }

    [Fact]
    public void Version_1_lines_are_rejected_as_unknown_version_issue_18()
    {
        var body = Encoding.ASCII.GetBytes("ATF1 1735689600000 node-a 11.0.0.9 3.5 pregreet=1 observe observed 12000 0");
        var line = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(body) + " " + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Key, body)));

        Assert.Equal(FeedRejection.UnknownVersion, FeedLine.TryParse(line, Key, out _, out _, out _));
    }

    [Fact]
    public void Key_id_picks_the_key_and_an_id_without_one_is_an_unknown_reporter_issue_18()
    {
        var otherKey = Encoding.UTF8.GetBytes("det-b-key-0123456789abcdef");
        var line = FeedLine.Format(Verdict(), "det-b", otherKey);

        Assert.Equal(FeedRejection.None, FeedLine.TryParse(line, id => id == "det-b" ? otherKey : null, out var keyId, out _, out _, out _));
        Assert.Equal("det-b", keyId);
        Assert.Equal(FeedRejection.UnknownReporter, FeedLine.TryParse(line, id => id == KeyId ? Key : null, out keyId, out _, out _, out _));
        Assert.Equal("det-b", keyId);
        Assert.Equal(FeedRejection.BadMac, FeedLine.TryParse(line, _ => Key, out _, out _, out _, out _));
    }
}
