using System.Net;
using System.Text.Json;
using ActorTrap.Node.Hosting.Actors;
using Akka.Actor;
using ActorTrap.Node.Reputation;
using ActorTrap.Node.Reputation.Store;
using ActorTrap.Node.Resolver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The reputation stage in the admin API, what <c>ctl lookup</c>, <c>list</c>, <c>delist</c> and <c>stats</c> call
/// (the cluster and the shards have <see cref="ClusterAdminRoutes"/> and <see cref="ShardAdminRoutes"/>): <c>GET /api/lookup/{ip}</c>
/// (the store's record, this node's own-list entry and the resolver's DNSBL answer), <c>POST /api/list</c>,
/// <c>/api/list/import</c> and <c>/api/delist</c>, <c>GET /api/listings</c> (ReputationAdminRoutes.Listings.cs), <c>GET /api/reputation/stats</c>. Bad input is 400 <c>{error}</c>; a store or actor that does
/// not answer in time is 503 <c>{error}</c>, never a hang.
/// </summary>
/// <param name="dnsWait">How long a lookup waits for the resolver (its lookup budget and a margin), in real time.</param>
internal sealed partial class ReputationAdminRoutes(ReputationService reputation, IActorRef resolver, TimeSpan dnsWait, ILogger logger) : IAdminRoutes
{
    /// <summary>The audit table's reasons are one line; longer ones are refused rather than cut mid-sentence.</summary>
    private const int MaxReasonChars = 200;

    /// <summary>Who a manual action is recorded as when the caller does not say.</summary>
    private const string DefaultActor = "admin";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reputation/stats", () => Results.Json(ReputationJson.Stats(reputation)));
        app.MapGet("/api/lookup/{ip}", (string ip, HttpRequest http, CancellationToken aborted) =>
            AdminNetwork.TryParseAddress(ip, out var address, out var error)
                ? Guard(http, aborted, ct => LookupAsync(address, ct))
                : Task.FromResult(Error(StatusCodes.Status400BadRequest, error)));
        app.MapPost("/api/list", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
        {
            var (request, network, error) = await ReadAsync(http, ct).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (!TryExpiry(request!, out var expiresAfter, out error))
            {
                return error!;
            }

            var listings = await reputation.ListAsync([network], request!.Reason!, Actor(request), expiresAfter, ct).ConfigureAwait(false);
            return Results.Json(ReputationJson.Listing(listings[0]));
        }));
        MapListings(app);
        app.MapPost("/api/delist", (HttpRequest http, CancellationToken aborted) => Guard(http, aborted, async ct =>
        {
            var (request, network, error) = await ReadAsync(http, ct).ConfigureAwait(false);
            return error is not null ? error
                : Results.Json(ReputationJson.Delisted(network, await reputation.DelistAsync(network, request!.Reason!, Actor(request), ct).ConfigureAwait(false)));
        }));
    }

    private async Task<IResult> LookupAsync(IPAddress address, CancellationToken cancellationToken)
    {
        // The DNSBL question and the entity's answer run alongside the store read; each is bounded on its own.
        var dnsbl = AskDnsblAsync(address, cancellationToken);
        var entity = reputation.EntityAsync(address, cancellationToken);
        AddressReputation? stored = null;
        string? storeError = null;
        try
        {
            stored = await reputation.LookupAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The own list still answers from memory while the store is down; say what is missing.
            storeError = $"the {reputation.StoreKind} store could not be read: {e.Message}";
        }

        reputation.Blacklist.TryGet(address, out var listing);
        return Results.Json(ReputationJson.Lookup(stored?.Address ?? address, stored, storeError, listing, await dnsbl.ConfigureAwait(false),
            await entity.ConfigureAwait(false)));
    }

    private async Task<object> AskDnsblAsync(IPAddress address, CancellationToken cancellationToken)
    {
        try
        {
            // Bounded in real time too: the node's clock may be virtual in tests, and the kernel's Ask timeout runs on it.
            var report = await resolver.Ask<DnsblReport>(new CheckClient(address), dnsWait, cancellationToken)
                .WaitAsync(dnsWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return ReputationJson.Dnsbl(report);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            return ReputationJson.DnsblUnanswered($"the resolver did not answer within {dnsWait.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Reads and checks the body; exactly one of (request and network) or error is set.</summary>
    private static async Task<(ManualListingRequest? Request, IPNetwork Network, IResult? Error)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, bodyError) = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return (null, default, bodyError);
        }

        if (request?.Ip is null)
        {
            return (null, default, Error(StatusCodes.Status400BadRequest, "ip is required: an address or a CIDR network"));
        }

        if (!AdminNetwork.TryParseNetwork(request.Ip, out var network, out var error))
        {
            return (null, default, Error(StatusCodes.Status400BadRequest, error));
        }

        return TryReason(request, out var checkedRequest, out var reasonError) ? (checkedRequest, network, null) : (null, default, reasonError);
    }

    private static async Task<(ManualListingRequest? Request, IResult? Error)> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        try
        {
            return (await http.ReadFromJsonAsync<ManualListingRequest>(cancellationToken).ConfigureAwait(false), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than this route takes: {e.Message}"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return (null, Error(StatusCodes.Status400BadRequest, "the body must be JSON {\"ip\": \"192.0.2.7\" or \"192.0.2.0/24\", \"reason\": \"...\", \"actor\": \"...\"}"));
        }
    }

    /// <summary>The reason is required: one line, trimmed, at most <see cref="MaxReasonChars"/>.</summary>
    private static bool TryReason(ManualListingRequest request, out ManualListingRequest? checkedRequest, out IResult? error)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > MaxReasonChars || reason.Any(char.IsControl))
        {
            (checkedRequest, error) = (null, Error(StatusCodes.Status400BadRequest, $"reason is required: one line of at most {MaxReasonChars} characters (it goes to the audit trail)"));
            return false;
        }

        (checkedRequest, error) = (request with { Reason = reason }, null);
        return true;
    }

    private static string Actor(ManualListingRequest request) =>
        string.IsNullOrWhiteSpace(request.Actor) || request.Actor.All(char.IsControl) ? DefaultActor : request.Actor;

    private Task<IResult> Guard(HttpRequest http, CancellationToken aborted, Func<CancellationToken, Task<IResult>> handler) =>
        AdminReplies.GuardAsync(http, aborted, reputation.StoreKind, logger, handler);

    private static bool IsUnavailable(Exception e) => AdminReplies.IsUnavailable(e);

    private static IResult Error(int status, string message) => AdminReplies.Error(status, message);
}
