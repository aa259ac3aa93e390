using System.Net.Http.Headers;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Feeds;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Cli.Commands;

/// <summary>Where <c>actortrap zone export</c> gets the listings from.</summary>
internal static class ZoneListingSource
{
    /// <summary>
    /// INTEGRATION SEAM (issue 6 / reputation issue): read the current listings from the reputation store named by the
    /// configuration (SQLite file or PostgreSQL). The store is being built on another branch; until it is merged this
    /// build has none, so the export reads a running node's JSON feed instead (<c>--from-feed</c>). Replace the body
    /// with the store's reader (it must return every current listing, expired ones left out), nothing else changes.
    /// </summary>
    public static Task<(IReadOnlyCollection<Listing>? Listings, string? Error)> FromStoreAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _ = cancellationToken;
        return Task.FromResult<(IReadOnlyCollection<Listing>?, string?)>((null,
            "this build cannot read the reputation store yet; export from a running node with --from-feed http://127.0.0.1:9110/feed.json"));
    }

    /// <summary>GETs a node's full JSON feed (<c>/feed.json</c> is added to a URL without a path).</summary>
    public static async Task<(IReadOnlyCollection<Listing>? Listings, string? Error)> FromFeedAsync(Uri url, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.AbsolutePath is "" or "/")
        {
            url = new Uri(url, "/feed.json");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}"
                    + (response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " (pass --token or set ACTORTRAP_TOKEN)" : string.Empty));
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonFeed.TryParse(body, out var listings, out var error) ? (listings, null) : (null, $"{url}: {error}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, $"{url} could not be read: {e.Message}");
        }
    }
}
