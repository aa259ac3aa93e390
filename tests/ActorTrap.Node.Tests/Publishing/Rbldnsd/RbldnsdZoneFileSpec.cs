using ActorTrap.Node.Tests.Support;
using ActorTrap.TestPeers;
using Akka.TestKit;
using ActorTrap.Node.Publishing.Rbldnsd;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Tests.Publishing.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ActorTrap.Node.Tests.Publishing.Support.TestBlacklist;

namespace ActorTrap.Node.Tests.Publishing.Rbldnsd;

public sealed class RbldnsdZoneFileSpec : IDisposable
{
    private readonly ManualTimeProvider clock = new();
    private readonly string directory = Directory.CreateTempSubdirectory("actortrap-rbldnsd-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Render(params Listing[] listings) =>
        RbldnsdZoneFile.Render(listings, PublishTestOptions.Dns("bl.example.org"), 1_700_000_000, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void Zone_is_a_combined_dataset_with_soa_ns_ttl_and_one_section_per_family()
    {
        var lines = Render(Entry("192.0.2.9"), Entry("2001:db8::7")).Split('\n');

        Assert.Contains("$SOA 2100 ns.bl.example.org hostmaster.bl.example.org 1700000000 2h 2h 1w 60", lines);
        Assert.Contains("$NS 2100 ns.bl.example.org", lines);
        Assert.Contains("$TTL 2100", lines);
        Assert.True(Array.IndexOf(lines, "$DATASET ip4set:actortrap-ipv4 @") < Array.IndexOf(lines, "$DATASET ip6trie:actortrap-ipv6 @"));
    }

    [Fact]
    public void Each_entry_carries_its_class_code_and_the_txt_with_the_address_left_to_rbldnsd()
    {
        var lines = Render(Entry("192.0.2.9"), Entry("198.51.100.0/24", ListingClass.Trap, reasons: ["trap-address", "costs $5"]), Entry("2001:db8::7")).Split('\n');

        Assert.Contains("192.0.2.9 :127.0.0.2:$ listed by ActorTrap (behaviour) since 2025-01-01T00:00:00Z: pregreet, no-quit", lines);
        Assert.Contains("198.51.100.0/24 :127.0.0.3:$ listed by ActorTrap (trap) since 2025-01-01T00:00:00Z: trap-address, costs $$5", lines);
        Assert.Contains("2001:db8::7 :127.0.0.2:$ listed by ActorTrap (behaviour) since 2025-01-01T00:00:00Z: pregreet, no-quit", lines);
    }

    [Fact]
    public void Addresses_are_written_in_the_notation_of_every_feed_a_host_without_prefix_in_both_families_issue_16()
    {
        var lines = Render(Entry("2001:db8:0:0:1:0:0:7"), Entry("2001:db8::/48", ListingClass.Manual), Entry("::102:304")).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("2001:db8::1:0:0:7 :", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2001:db8::/48 :127.0.0.4:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("::102:304 :", StringComparison.Ordinal)); // .NET would write ::1.2.3.4, which rbldnsd refuses
        Assert.DoesNotContain(lines, l => l.Contains("/128 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Test_entries_are_listed_and_127_0_0_1_excluded()
    {
        var lines = Render(Entry("127.0.0.0/8", ListingClass.Manual)).Split('\n');

        Assert.Contains("!127.0.0.1", lines);
        Assert.Contains("!::ffff:7f00:1", lines);
        Assert.Contains(lines, l => l.StartsWith("127.0.0.2 :127.0.0.2:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("::ffff:7f00:2 :127.0.0.2:", StringComparison.Ordinal));
    }

    [Fact]
    public void Test_entries_carry_a_fixed_txt_and_no_1970_date_issue_16()
    {
        var zone = Render(Entry("192.0.2.9"));

        Assert.Contains("\n127.0.0.2 :127.0.0.2:$ is the RFC 5782 test entry of this DNSBL, always listed\n", zone, StringComparison.Ordinal);
        Assert.Contains("\n::ffff:7f00:2 :127.0.0.2:$ is the RFC 5782 test entry of this DNSBL, always listed\n", zone, StringComparison.Ordinal);
        Assert.DoesNotContain("1970", zone, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporter_writes_at_once_then_at_most_once_per_min_interval_and_only_after_a_change()
    {
        var path = Path.Combine(directory, "bl.zone");
        var options = PublishTestOptions.Bind($"actortrap.publish.rbldnsd.path=\"{path}\"", "actortrap.publish.rbldnsd.min-interval=1m", "actortrap.publish.dns.zone=\"bl.example.org\"");
        using var exporter = new RbldnsdExporter(options.Rbldnsd, options.Dns, clock, NullLogger.Instance);

        Assert.True(exporter.WriteIfDue([Entry("192.0.2.9")], 1));
        Assert.Contains("192.0.2.9 :", File.ReadAllText(path), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(exporter.WriteIfDue([Entry("192.0.2.9")], 1)); // nothing changed

        exporter.MarkChanged();
        Assert.True(exporter.WriteIfDue([Entry("192.0.2.10")], 2));
        exporter.MarkChanged();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(exporter.WriteIfDue([Entry("192.0.2.11")], 3)); // too soon
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(exporter.WriteIfDue([Entry("192.0.2.11")], 3));

        Assert.Contains("192.0.2.11 :", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["bl.zone"], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.Equal(3, exporter.Written);
    }

    [Fact]
    public void Failed_write_keeps_the_old_file_and_does_not_throw()
    {
        var path = Path.Combine(directory, "missing-dir", "bl.zone");
        var options = PublishTestOptions.Bind($"actortrap.publish.rbldnsd.path=\"{path}\"");
        using var exporter = new RbldnsdExporter(options.Rbldnsd, options.Dns, clock, NullLogger.Instance);

        Assert.False(exporter.WriteIfDue([Entry("192.0.2.9")], 1));
        Assert.Equal(1, exporter.Failed);
    }

    [Fact]
    public void Replacing_the_file_swaps_it_whole_so_an_open_reader_keeps_the_old_content()
    {
        var path = Path.Combine(directory, "bl.zone");
        ActorTrap.Node.Publishing.AtomicFile.Write(path, "old\n");
        using var reader = new StreamReader(path);

        ActorTrap.Node.Publishing.AtomicFile.Write(path, "new\n");

        Assert.Equal("old", reader.ReadLine());
        Assert.Equal("new\n", File.ReadAllText(path));
    }
}
