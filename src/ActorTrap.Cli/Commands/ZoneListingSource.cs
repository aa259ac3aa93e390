using System.Net.Http.Headers;
using ActorTrap.Node.Configuration;
using ActorTrap.Node.Publishing.Feeds;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Store;

namespace ActorTrap.Cli.Commands;

/// <summary>Where <c>actortrap zone export</c> gets the listings from.</summary>
internal static class ZoneListingSource
{
    /// <summary>
    /// The listings in force in the reputation store the configuration names (the SQLite file under
    /// <c>actortrap.data-dir</c>, or PostgreSQL), opened read-only: safe beside a running node.
    /// </summary>
    public static async Task<(IReadOnlyCollection<Listing>? Listings, string? Error)> FromStoreAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (listings, error) = await StoreListingReader.ReadAsync(settings.Reputation, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        return (listings, error);
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
                    + (response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " (pass --token or set ACTORTRAP_ADMIN_TOKEN)" : string.Empty));
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
