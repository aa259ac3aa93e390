using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on every admin path but the probes when a
/// token is configured. The comparison is constant-time so the token cannot be guessed byte by byte.
/// </summary>
internal static class AdminTokenMiddleware
{
    // The kubelet's liveness and readiness probes cannot send a secret header, so both probes stay open.
    private static readonly PathString[] OpenPaths = [new("/healthz"), new("/readyz")];

    // The dashboard's static page, script and style carry no data, and a browser opening a page cannot send a bearer
    // header; the page asks for the token and sends it on every fetch of data (/api/..., /metrics, /feed.json).
    private static bool IsDashboardFile(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(Dashboard.DashboardRoutes.Path, StringComparison.OrdinalIgnoreCase);

    public static void UseAdminToken(this IApplicationBuilder app, string? token, ILogger logger)
    {
        if (token is null)
        {
            return; // configuration validation only allows this on loopback
        }

        var expected = Encoding.UTF8.GetBytes(token);
        app.Use((context, next) =>
        {
            if (OpenPaths.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)) || IsDashboardFile(context.Request))
            {
                return next(context);
            }

            var header = context.Request.Headers.Authorization.ToString();
            const string scheme = "Bearer ";
            var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())
                : [];
            if (CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return next(context);
            }

            Log.AdminRefused(logger, context.Request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "?",
                presented.Length == 0 ? "no bearer token" : "wrong token");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return context.Response.WriteAsync("401 unauthorized: this admin endpoint needs 'Authorization: Bearer <token>' (actortrap ctl --token or ACTORTRAP_ADMIN_TOKEN)\n");
        });
    }
}
