using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Publishing.Feeds;

/// <summary>
/// <code>
/// {"cursor":"1a2b3c4d-42","full":true,"count":1,
///  "listings":[{"network":"192.0.2.9/32","class":"behaviour","score":3.5,"reasons":["pregreet"],
///               "first_seen":"...Z","last_seen":"...Z","listed_at":"...Z","expires":"...Z"|null}],
///  "delisted":["198.51.100.0/24"]}
/// </code>
/// Read back by <see cref="TryParse"/>, which <c>actortrap zone export --from-feed</c> uses.
/// </summary>
internal static class JsonFeed
{
    public static byte[] Render(FeedView view)
    {
        using var buffer = new MemoryStream(256 + (view.Listed.Count * 200));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("cursor", view.Cursor);
            w.WriteBoolean("full", view.Full);
            w.WriteNumber("count", view.Listed.Count);
            w.WriteStartArray("listings");
            foreach (var l in view.Listed)
            {
                w.WriteStartObject();
                w.WriteString("network", ListingKey.Of(l).Cidr);
                w.WriteString("class", FeedTime.Class(l.Class));
                w.WriteNumber("score", l.Score);
                w.WriteStartArray("reasons");
                foreach (var reason in l.Reasons)
                {
                    w.WriteStringValue(reason);
                }

                w.WriteEndArray();
                w.WriteString("first_seen", FeedTime.Format(l.FirstSeen));
                w.WriteString("last_seen", FeedTime.Format(l.LastSeen));
                w.WriteString("listed_at", FeedTime.Format(l.ListedAt));
                if (l.Expires is { } expires)
                {
                    w.WriteString("expires", FeedTime.Format(expires));
                }
                else
                {
                    w.WriteNull("expires");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("delisted");
            foreach (var key in view.Delisted)
            {
                w.WriteStringValue(key.Cidr);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        // A text file ends with a newline (POSIX; curl's output then leaves the prompt on its own line).
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a full JSON feed; anything malformed is an error message, not an exception.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out List<Listing>? listings, [NotNullWhen(false)] out string? error)
    {
        listings = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (!root.TryGetProperty("listings", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                error = "no \"listings\" array: not an ActorTrap JSON feed";
                return false;
            }

            if (root.TryGetProperty("full", out var full) && full.ValueKind == JsonValueKind.False)
            {
                error = "this is an incremental feed (since=); export needs the full list";
                return false;
            }

            listings = new List<Listing>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                if (!TryListing(item, out var listing, out error))
                {
                    listings = null;
                    return false;
                }

                listings.Add(listing);
            }

            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            listings = null;
            error = $"unexpected JSON shape: {e.Message}";
            return false;
        }
    }

    private static bool TryListing(JsonElement item, [NotNullWhen(true)] out Listing? listing, [NotNullWhen(false)] out string? error)
    {
        listing = null;
        var network = item.GetProperty("network").GetString() ?? string.Empty;
        var slash = network.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(network[..slash], out var address)
            || !int.TryParse(network[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            error = $"bad network \"{network}\"";
            return false;
        }

        if (!Enum.TryParse<ListingClass>(item.GetProperty("class").GetString(), ignoreCase: true, out var listingClass))
        {
            error = $"bad class for {network}";
            return false;
        }

        var expires = item.GetProperty("expires");
        listing = new Listing(address, prefix, listingClass, item.GetProperty("score").GetDouble(),
            [.. item.GetProperty("reasons").EnumerateArray().Select(r => r.GetString() ?? string.Empty)],
            Time(item, "first_seen"), Time(item, "last_seen"), Time(item, "listed_at"),
            expires.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(expires.GetString()!, CultureInfo.InvariantCulture));
        error = null;
        return true;
    }

    private static DateTimeOffset Time(JsonElement item, string name) =>
        DateTimeOffset.Parse(item.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
