using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorTrap.Cli.Tests.EndToEnd;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// <c>ctl list</c> and <c>ctl delist</c> change what the tarpit does: a new connection from an address we listed by hand
/// is held from our own list (the DNSBL does not list it), and after delisting it is not; <c>ctl lookup</c> shows both.
/// </summary>
public sealed class CtlManualListingSpec(CtlListingNode fixture) : IClassFixture<CtlListingNode>
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.9");

    private Task<(int ExitCode, string Stdout, string Stderr)> Ctl(params string[] args) =>
        ActorTrapProcess.RunAsync(["ctl", .. args], TimeSpan.FromSeconds(30), fixture.Environment);

    [Fact]
    public async Task Listed_address_is_held_from_our_own_list_and_after_delist_is_greeted_again()
    {
        var list = await Ctl("list", "127.0.0.9", "--reason", "x");
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("listed 127.0.0.9: x", list.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^class\s+manual\s*$", list.Stdout);

        using (var held = await RawSmtpClient.ConnectAsync(Client, fixture.Node.Smtp))
        {
            var sessions = await fixture.Node.WaitForJsonAsync("/api/sessions?held=true&ip=127.0.0.9", s => s.GetArrayLength() == 1);
            Assert.Equal("127.0.0.9", sessions[0].GetProperty("client").GetString());
            // Held: the greeting trickles and its final line never comes.
            Assert.False(await held.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(2)), string.Join("\n", held.Lines));
            Assert.Contains(held.Lines, l => l.Line.StartsWith("220-", StringComparison.Ordinal));
        }

        var lookup = await Ctl("lookup", "127.0.0.9");
        Assert.True(lookup.ExitCode == 0, lookup.Stderr);
        Assert.Matches(@"(?m)^listed\s+yes\s*$", lookup.Stdout);
        Assert.Matches(@"(?m)^listing\.reasons\s+x\s*$", lookup.Stdout);
        Assert.Matches(@"(?m)^dnsbl\.listed\s+no\s*$", lookup.Stdout);
        Assert.Matches(CtlListingNode.Zone.Replace(".", @"\.", StringComparison.Ordinal) + @"\s+not-listed", lookup.Stdout);

        var delist = await Ctl("delist", "127.0.0.9", "--reason", "false positive", "--json");
        Assert.True(delist.ExitCode == 0, delist.Stderr);
        Assert.True(JsonDocument.Parse(delist.Stdout).RootElement.GetProperty("manualRemoved").GetBoolean());

        using (var greeted = await RawSmtpClient.ConnectAsync(Client, fixture.Node.Smtp))
        {
            // Not held: after the greeting pause comes the final line, which a held client never gets.
            Assert.True(await greeted.ReadUntilLineAsync("220 ", TimeSpan.FromSeconds(10)), string.Join("\n", greeted.Lines));
        }

        var after = await Ctl("lookup", "127.0.0.9", "--json");
        var record = JsonDocument.Parse(after.Stdout).RootElement;
        Assert.False(record.GetProperty("listed").GetBoolean());
        Assert.False(record.GetProperty("dnsbl").GetProperty("listed").GetBoolean());
    }

    [Theory]
    [InlineData("""{"ip": "192.0.2.7/24", "reason": "typo"}""", "host bits")]
    [InlineData("""{"ip": "not-an-address", "reason": "x"}""", "not-an-address")]
    [InlineData("""{"ip": "192.0.2.7"}""", "reason is required")]
    [InlineData("""{"reason": "x"}""", "ip is required")]
    [InlineData("""not json""", "must be JSON")]
    public async Task Node_refuses_bad_list_input_with_400_and_an_error(string body, string error)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Node.Http.PostAsync("/api/list", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(error, answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manual_network_listing_covers_its_addresses_and_the_api_refuses_callers_without_the_token()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Node.Admin, Timeout = TimeSpan.FromSeconds(10) };
        using var refused = await anonymous.PostAsJsonAsync("/api/list", new { ip = "198.51.100.0/24", reason = "no token" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var lookupRefused = await anonymous.GetAsync("/api/lookup/198.51.100.1");
        Assert.Equal(HttpStatusCode.Unauthorized, lookupRefused.StatusCode);

        using var listed = await fixture.Node.Http.PostAsJsonAsync("/api/list", new { ip = "198.51.100.0/24", reason = "snowshoe" });
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var lookup = await fixture.Node.GetJsonAsync("/api/lookup/198.51.100.77");
        Assert.Equal(("198.51.100.0/24", "manual"), (lookup.GetProperty("listing").GetProperty("network").GetString(), lookup.GetProperty("class").GetString()));
        using var delisted = await fixture.Node.Http.PostAsJsonAsync("/api/delist", new { ip = "198.51.100.0/24", reason = "done", actor = "alice" });
        Assert.Equal(HttpStatusCode.OK, delisted.StatusCode);
        Assert.False((await fixture.Node.GetJsonAsync("/api/lookup/198.51.100.77")).GetProperty("listed").GetBoolean());
    }
}
