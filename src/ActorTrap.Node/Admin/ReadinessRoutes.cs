using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /readyz</c>: 200 unless a <see cref="ReadinessCheck"/> says not ready, then 503, with one
/// "name: ok|degraded|not ready: detail" line each; a degraded check leaves the node ready. Open without the token like
/// <c>/healthz</c>, because a kubelet probe cannot carry a secret. Stages add their checks where NodeHost maps this route.
/// </summary>
internal sealed class ReadinessRoutes(params IReadOnlyList<ReadinessCheck> checks) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/readyz", () =>
        {
            var text = new StringBuilder();
            var ready = true;
            foreach (var check in checks)
            {
                var (state, detail) = check.Probe();
                ready &= state != ReadinessState.NotReady;
                text.Append(check.Name).Append(": ").Append(Word(state)).Append(detail.Length > 0 ? ": " + detail : "").Append('\n');
            }

            return Results.Text(text.ToString(), "text/plain; charset=utf-8", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

    private static string Word(ReadinessState state) => state switch
    {
        ReadinessState.Ready => "ok",
        ReadinessState.Degraded => "degraded",
        _ => "not ready",
    };
}
