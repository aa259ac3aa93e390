using System.CommandLine;
using System.Text;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing;
using ActorTrap.Node.Publishing.Feeds;
using ActorTrap.Node.Publishing.Rbldnsd;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Cli.Commands;

/// <summary>
/// <c>actortrap zone export --format rbldnsd|plain|csv|json [--out FILE] [--from-feed URL]</c>: the blacklist in one
/// of the published shapes, for cron jobs. The listings come from the reputation store the configuration names,
/// opened read-only (the SQLite file under data-dir, or PostgreSQL), or with <c>--from-feed</c> from a node's JSON
/// feed. With <c>--out</c> the file is replaced atomically (rbldnsd may be reading it). Exit 0 written, 1 the listings
/// could not be read, 2 a usage or configuration error.
/// </summary>
internal static class ZoneCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "rbldnsd (a combined dataset for rbldnsd), plain (one address or CIDR a line), csv or json",
            Required = true,
        };
        format.AcceptOnlyFromAmong("rbldnsd", "plain", "csv", "json");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write to this file (atomically) instead of standard output" };
        var feed = new Option<string?>("--from-feed") { Description = "Read the listings from a running node's JSON feed, e.g. http://127.0.0.1:9110/feed.json" };
        var token = new Option<string?>("--token") { Description = "Admin bearer token for --from-feed (default: ACTORTRAP_ADMIN_TOKEN)" };
        var options = new ConfigOptions();
        var export = new Command("export", "Write the blacklist (from the configured reputation store, read-only) as an rbldnsd zone, plain list, CSV or JSON");
        export.Options.Add(format);
        export.Options.Add(output);
        export.Options.Add(feed);
        export.Options.Add(token);
        options.AddTo(export);
        export.SetAction(async (result, cancellationToken) =>
        {
            var loaded = NodeConfig.Load(options.Read(result), Environment.GetEnvironmentVariable);
            if (loaded.Settings is null)
            {
                foreach (var error in loaded.Errors)
                {
                    Console.Error.WriteLine(error.ToString());
                }

                Console.Error.WriteLine("actortrap zone export: the configuration has errors");
                return 2;
            }

            Uri? url = null;
            if (result.GetValue(feed) is { } feedText
                && (!Uri.TryCreate(feedText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"actortrap zone export: --from-feed needs an http(s) URL such as http://127.0.0.1:9110/feed.json, got \"{feedText}\"");
                return 2;
            }

            var source = url is not null
                ? await ZoneListingSource.FromFeedAsync(url, result.GetValue(token) ?? Ctl.AdminEndpoint.TokenFromEnvironment(Environment.GetEnvironmentVariable), cancellationToken).ConfigureAwait(false)
                : await ZoneListingSource.FromStoreAsync(loaded.Settings, cancellationToken).ConfigureAwait(false);
            if (source.Listings is null)
            {
                Console.Error.WriteLine($"actortrap zone export: {source.Error}");
                return 1;
            }

            var text = Render(result.GetValue(format)!, source.Listings, loaded.Settings.Publish.Dns);
            if (result.GetValue(output) is { } file)
            {
                try
                {
                    AtomicFile.Write(file.FullName, text);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"actortrap zone export: cannot write {file.FullName}: {e.Message}");
                    return 1;
                }

                Console.Error.WriteLine($"actortrap zone export: {source.Listings.Count} listings written to {file.FullName}");
            }
            else
            {
                await Console.Out.WriteAsync(text).ConfigureAwait(false);
            }

            return 0;
        });

        var zone = new Command("zone", "Work with the published blacklist");
        zone.Subcommands.Add(export);
        return zone;
    }

    internal static string Render(string format, IReadOnlyCollection<Listing> listings, DnsPublishOptions dns)
    {
        var now = DateTimeOffset.UtcNow;
        if (format == "rbldnsd")
        {
            return RbldnsdZoneFile.Render(listings, dns, (uint)now.ToUnixTimeSeconds(), now);
        }

        var view = new FeedView("export", Full: true, [.. listings.OrderBy(ListingKey.Of)], []);
        return format switch
        {
            "plain" => PlainFeed.Render(view),
            "csv" => CsvFeed.Render(view),
            _ => Encoding.UTF8.GetString(JsonFeed.Render(view)),
        };
    }
}
