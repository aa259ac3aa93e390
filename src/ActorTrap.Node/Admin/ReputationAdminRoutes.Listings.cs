using System.Net;
using ActorTrap.Node.Admin.Listings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// Listings management: <c>GET /api/listings</c> (this node's copy of the list, filtered and paged) and
/// <c>POST /api/list/import</c> (many networks with one reason, in one store transaction: all or none).
/// </summary>
internal sealed partial class ReputationAdminRoutes
{
    /// <summary>An import bigger than this is refused: split the file (each part is still all or none).</summary>
    internal const int MaxImportEntries = 100_000;

    /// <summary>Room for <see cref="MaxImportEntries"/> IPv6 networks as JSON strings, with the reason and the rest.</summary>
    private const long MaxImportBodyBytes = 8L * 1024 * 1024;

    /// <summary>The longest expiry a manual listing takes: ten years is "until delisted" said with a number.</summary>
    private static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(3650);

    private void MapListings(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/listings", (HttpRequest http) =>
        {
            var q = http.Query;
            if (!ListingsQuery.TryParse(q["class"], q["reason"], q["network"], q["after"], q["limit"], out var query, out var error))
            {
                return Error(StatusCodes.Status400BadRequest, error);
            }

            var page = query.Run(reputation.LocalBlacklist.Enumerate());
            return Results.Json(new
            {
                Listings = page.Listings.Select(ReputationJson.Listing),
                page.Matched,
                Next = page.Next?.ToString(),
            });
        });
        app.MapPost("/api/list/import", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
        {
            // The admin API's 64 KB body limit, raised for this route alone (and only past the token check): a full
            // import is up to 100,000 entries of at most ~45 bytes of JSON each.
            if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxImportBodyBytes;
            }

            var (request, bodyError) = await ReadBodyAsync(http, ct).ConfigureAwait(false);
            if (bodyError is not null)
            {
                return bodyError;
            }

            if (request?.Ips is not { Count: > 0 } ips)
            {
                return Error(StatusCodes.Status400BadRequest, "ips is required: a non-empty array of addresses or CIDR networks");
            }

            if (ips.Count > MaxImportEntries)
            {
                return Error(StatusCodes.Status400BadRequest, $"at most {MaxImportEntries} entries per import, got {ips.Count}: split the file");
            }

            if (!TryReason(request, out var checkedRequest, out var error) || !TryExpiry(checkedRequest!, out var expiresAfter, out error))
            {
                return error!;
            }

            var networks = new List<IPNetwork>(ips.Count);
            var refused = new List<object>();
            for (var i = 0; i < ips.Count; i++)
            {
                if (AdminNetwork.TryParseNetwork(ips[i], out var network, out var why))
                {
                    networks.Add(network);
                }
                else if (refused.Count < 100)
                {
                    refused.Add(new { Index = i, Error = why });
                }
                else
                {
                    refused.Add(new { Index = i, Error = "and more" });
                    break;
                }
            }

            // Nothing is listed when any entry is wrong: a half-applied list is worse than none.
            if (refused.Count > 0)
            {
                return Results.Json(new { Error = $"{refused.Count} entries are not addresses or networks; nothing was listed", Refused = refused },
                    statusCode: StatusCodes.Status400BadRequest);
            }

            var listings = await reputation.ListAsync(networks, checkedRequest!.Reason!, Actor(checkedRequest), expiresAfter, ct).ConfigureAwait(false);
            return Results.Json(new { Listed = listings.Count, Expires = listings[0].Expires });
        }));
    }

    /// <summary>The optional expiry of a manual listing, from 1 s to ten years.</summary>
    private static bool TryExpiry(ManualListingRequest request, out TimeSpan? expiresAfter, out IResult? error)
    {
        (expiresAfter, error) = (null, null);
        if (request.ExpiresAfterSeconds is not { } seconds)
        {
            return true;
        }

        if (!double.IsFinite(seconds) || seconds < 1 || seconds > MaxExpiry.TotalSeconds)
        {
            error = Error(StatusCodes.Status400BadRequest, $"expiresAfterSeconds must be from 1 to {MaxExpiry.TotalSeconds:0} (ten years)");
            return false;
        }

        expiresAfter = TimeSpan.FromSeconds(Math.Round(seconds));
        return true;
    }
}
