using System.Text.Json;
using ActorTrap.Node.Hosting.Cluster;
using ActorTrap.Node.Reputation;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The cluster in the admin API, what <c>ctl cluster show|leave|down|join</c> call: <c>GET /api/cluster</c> (members
/// from Akka's membership, completed by each member's own answer) and <c>POST /api/cluster/leave</c>, <c>/down</c>,
/// <c>/join</c> with <c>{"address"}</c>, which hand Akka.Cluster its Leave, Down or Join once
/// <see cref="MembershipCheck"/> found the address sound: 202 with what was sent; 400 for a malformed address, 404
/// for one that is not a member, 409 for a join this node cannot make. Like every admin path they need the token.
/// </summary>
internal sealed class ClusterAdminRoutes(ActorSystem system, ReputationService reputation, ILogger logger) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/cluster", (HttpRequest http, CancellationToken aborted) =>
            AdminReplies.GuardAsync(http, aborted, reputation.StoreKind, logger,
                async ct => Results.Json(ReputationJson.Cluster(await reputation.GetClusterStateAsync(ct).ConfigureAwait(false)))));
        foreach (var action in Enum.GetValues<MembershipAction>())
        {
            routes.MapPost("/api/cluster/" + action.ToString().ToLowerInvariant(), (HttpRequest http, CancellationToken aborted) => ActAsync(action, http, aborted));
        }
    }

    private async Task<IResult> ActAsync(MembershipAction action, HttpRequest http, CancellationToken cancellationToken)
    {
        ClusterMemberRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<ClusterMemberRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return AdminReplies.Error(StatusCodes.Status400BadRequest, "the body must be JSON {\"address\": \"akka.tcp://actortrap@host:port\" or \"host:port\"}");
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        var verdict = MembershipCheck.Check(action, request?.Address, MembershipSnapshot.Of(cluster));
        if (verdict.Target is not { } target)
        {
            return AdminReplies.Error(verdict.Status, verdict.Error!);
        }

        var remote = http.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        Log.ClusterActionSent(logger, action.ToString().ToLowerInvariant(), target.ToString(), verdict.MemberStatus ?? "not a member", remote);
        switch (action)
        {
            case MembershipAction.Leave:
                cluster.Leave(target);
                break;
            case MembershipAction.Down:
                cluster.Down(target);
                break;
            case MembershipAction.Join:
                cluster.Join(target);
                break;
        }

        return Results.Json(new { Action = action.ToString().ToLowerInvariant(), Address = target.ToString(), Status = verdict.MemberStatus, Self = cluster.SelfAddress.ToString() },
            statusCode: StatusCodes.Status202Accepted);
    }
}
