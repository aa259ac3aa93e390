using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorTrap.Cli.Tests.Ctl;

/// <summary>
/// Listings management as spamdb and <c>cscli decisions</c> users expect it (issue 16): <c>ctl delist</c> of what was
/// never listed says so and exits 3, <c>ctl list --expires</c> and the expiry chore, <c>ctl import FILE</c> (all or
/// none, bad lines by number), <c>ctl listings</c> filtered and paged; and the small output fixes of <c>ctl stats</c>,
/// <c>ctl actors</c> and <c>ctl lookup</c>. The real binary against a real node (<see cref="CtlListingNode"/>).
/// </summary>
public sealed class CtlListingsSpec(CtlListingNode fixture) : IClassFixture<CtlListingNode>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("actortrap-import-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> Ctl(params string[] args) =>
        ActorTrapProcess.RunAsync(["ctl", .. args], TimeSpan.FromSeconds(30), fixture.Environment);

    private string ListFile(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<JsonElement> Listings(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("listings").EnumerateArray())];

    [Fact]
    public async Task Delist_of_an_address_never_listed_says_it_was_not_listed_and_exits_3_issue_16()
    {
        var both = await Task.WhenAll(Ctl("delist", "192.0.2.200", "--reason", "typo"), Ctl("delist", "192.0.2.200", "--reason", "typo", "--json"));

        Assert.True(both[0].ExitCode == 3, both[0].Stderr);
        Assert.Contains("192.0.2.200 was not listed", both[0].Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("delisted", both[0].Stdout, StringComparison.Ordinal);
        Assert.Equal(3, both[1].ExitCode);
        Assert.False(JsonDocument.Parse(both[1].Stdout).RootElement.GetProperty("manualRemoved").GetBoolean());
    }

    [Fact]
    public async Task List_with_an_expiry_shows_when_it_ends_in_the_future_and_the_chore_ends_it_issue_16()
    {
        var week = await Ctl("list", "192.0.2.77", "--reason", "campaign", "--expires", "7d");
        Assert.True(week.ExitCode == 0, week.Stderr);
        // The node's Date header has whole seconds: a week from now reads 7d 0h or 6d 23h, never "0s ago".
        Assert.Matches(@"(?m)^expires\s+\S+ \S+Z \(in (7d 0h|6d 23h)\)$", week.Stdout);
        var lookup = await Ctl("lookup", "192.0.2.77");
        Assert.Matches(@"(?m)^listing\.expires\s+\S+ \S+Z \(in (7d 0h|6d 23h)\)$", lookup.Stdout);
        Assert.Matches(@"(?m)^listing\.listed at\s+\S+ \S+Z \(\d+(\.\d)?s ago\)$", lookup.Stdout);

        var brief = await Ctl("list", "192.0.2.78", "--reason", "a moment", "--expires", "2s");
        Assert.True(brief.ExitCode == 0, brief.Stderr);
        Assert.True((await fixture.Node.GetJsonAsync("/api/lookup/192.0.2.78")).GetProperty("listed").GetBoolean());
        // The expiry chore (every second here) ends it in the store and on the node's copy.
        await fixture.Node.WaitForJsonAsync("/api/lookup/192.0.2.78", l => !l.GetProperty("listed").GetBoolean(), TimeSpan.FromSeconds(20));
        Assert.Empty(Listings((await Ctl("listings", "--network", "192.0.2.78", "--json")).Stdout));
        Assert.True((await fixture.Node.GetJsonAsync("/api/lookup/192.0.2.77")).GetProperty("listed").GetBoolean());
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("7x")]
    [InlineData("3651d")]
    public async Task List_with_a_bad_expiry_is_a_usage_error_and_nothing_is_listed(string expires)
    {
        var (code, _, stderr) = await Ctl("list", "192.0.2.79", "--reason", "x", "--expires", expires);

        Assert.Equal(2, code);
        Assert.Contains("--expires", stderr, StringComparison.Ordinal);
        Assert.False((await fixture.Node.GetJsonAsync("/api/lookup/192.0.2.79")).GetProperty("listed").GetBoolean());
    }

    [Fact]
    public async Task Import_lists_every_entry_of_a_file_in_one_command_and_listings_filters_and_pages_them_issue_16()
    {
        var file = ListFile("drop.txt", """
            # a copy of a drop list
            203.0.113.0/25   # first half

            203.0.113.200
            2001:DB8:0:0:0:0:0:5
            2001:db8:77::/48
            """);

        var import = await Ctl("import", file, "--reason", "drop copy 2026-12", "--expires", "1d");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("imported 4 listing(s)", import.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^listed\s+4$", import.Stdout);

        var listed = Listings((await Ctl("listings", "--class", "manual", "--reason", "DROP COPY", "--json")).Stdout);
        Assert.Equal(["203.0.113.0/25", "203.0.113.200", "2001:db8::5", "2001:db8:77::/48"], listed.Select(l => l.GetProperty("network").GetString()));
        Assert.All(listed, l => Assert.Equal(JsonValueKind.String, l.GetProperty("expires").ValueKind));

        var page = await Ctl("listings", "--reason", "drop copy", "--limit", "2");
        Assert.True(page.ExitCode == 0, page.Stderr);
        Assert.Contains("2 listing(s) shown of 4 matching; next page: --after 203.0.113.200/32,manual", page.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8", page.Stdout, StringComparison.Ordinal);
        var next = await Ctl("listings", "--reason", "drop copy", "--limit", "2", "--after", "203.0.113.200/32,manual");
        Assert.Matches(@"(?m)^\s*2001:db8::5\s+manual\s", next.Stdout);
        var all = await Ctl("listings", "--reason", "drop copy", "--limit", "1", "--all");
        Assert.Contains("4 listing(s) shown of 4 matching", all.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*203\.0\.113\.0/25\s+manual\s+0\s+drop copy 2026-12\s+\S+ ago\s+in (1d 0h|23h 59m)$", all.Stdout);

        var covering = Listings((await Ctl("listings", "--network", "203.0.113.7", "--json")).Stdout);
        Assert.Equal("203.0.113.0/25", Assert.Single(covering).GetProperty("network").GetString());
    }

    [Fact]
    public async Task Import_of_a_hundred_thousand_lines_is_listed_whole_and_listings_still_answers_a_page_issue_16()
    {
        var lines = Enumerable.Range(0, 100_000).Select(i => $"100.{64 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}");
        var file = ListFile("bulk.txt", string.Join('\n', lines) + "\n");

        var import = await Ctl("import", file, "--reason", "bulk import spec", "--expires", "1h");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Matches(@"(?m)^listed\s+100,000$", import.Stdout);

        var page = await Ctl("listings", "--reason", "bulk import spec", "--limit", "3");
        Assert.Contains("3 listing(s) shown of 100,000 matching; next page: --after 100.64.0.2/32,manual", page.Stdout, StringComparison.Ordinal);
        Assert.True((await fixture.Node.GetJsonAsync("/api/lookup/100.65.134.159")).GetProperty("listed").GetBoolean());
    }

    [Fact]
    public async Task Import_with_bad_lines_names_each_by_its_line_number_and_lists_nothing_issue_16()
    {
        var file = ListFile("bad.txt", "198.18.0.1\n# fine so far\n198.18.0.300\n198.18.0.1/16\n\n198.18.0.2\n");

        var (code, stdout, stderr) = await Ctl("import", file, "--reason", "half a list");

        Assert.Equal(2, code);
        Assert.Contains("2 bad line(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was listed", stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:3: ", stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:4: ", stderr, StringComparison.Ordinal);
        Assert.Contains("host bits", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain($"{file}:1:", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.Empty(Listings((await Ctl("listings", "--network", "198.18.0.0/16", "--json")).Stdout));
    }

    [Theory]
    [InlineData("--class", "scored")]
    [InlineData("--network", "192.0.2.7/24")]
    [InlineData("--after", "192.0.2.9")]
    [InlineData("--limit", "5000")]
    public async Task Listings_with_a_bad_filter_or_cursor_is_a_usage_error(string option, string value)
    {
        var (code, stdout, stderr) = await Ctl("listings", option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Actors_lists_writer_2_before_writer_10_issue_16()
    {
        var (code, stdout, stderr) = await Ctl("actors", "--path", "/user/reputation", "--depth", "1");

        Assert.True(code == 0, stderr);
        var writers = Regex.Matches(stdout, @"writer-\d+").Select(m => m.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"writer-{i}"), writers);
    }

    [Fact]
    public async Task Stats_lines_are_as_wide_as_their_content_issue_16()
    {
        var (code, stdout, stderr) = await Ctl("stats");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.DoesNotContain(lines, l => l.EndsWith(' '));
        // The zones' table is the widest (its last columns: last failure, next retry); its header still ends at its text.
        Assert.Contains(lines, l => l.Contains("zone", StringComparison.Ordinal) && l.Contains("last failure", StringComparison.Ordinal) && l.EndsWith("next retry", StringComparison.Ordinal));
    }
}
