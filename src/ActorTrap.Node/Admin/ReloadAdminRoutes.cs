using ActorTrap.Node.Hosting.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>POST /api/reload</c> (<c>actortrap ctl reload</c>): the same reload as SIGHUP, for whoever has the admin token
/// but not a shell on the host. 200 <c>{applied, reloaded, needRestart}</c>; 422 <c>{error, errors}</c> when the
/// configuration does not validate (the running one stays); 409 <c>{error}</c> when the node was not started from a
/// configuration it can read again.
/// </summary>
internal sealed class ReloadAdminRoutes(ConfigReload reload) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/reload", async (CancellationToken ct) =>
        {
            if (!reload.Available)
            {
                return Results.Json(new { error = "this node was not started from a configuration file it can read again" }, statusCode: StatusCodes.Status409Conflict);
            }

            var result = await reload.ReloadAsync("the admin API", ct).ConfigureAwait(false);
            if (!result.Applied)
            {
                var errors = result.Errors.Select(e => e.ToString()).ToList();
                return Results.Json(new { error = $"reload refused, the running configuration stays: {string.Join("; ", errors)}", errors },
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            return Results.Json(new { applied = true, reloaded = result.Reloaded, needRestart = result.NeedRestart });
        });
}
