using System.Net;
using ActorTrap.Node.Hosting;
using ActorTrap.Node.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The SMTP edge in the admin API: <c>GET /api/sessions[?held=true][&amp;ip=CIDR]</c> (what <c>ctl sessions</c> shows),
/// <c>GET /api/smtp/stats</c> (counters since start) and <c>GET /api/verdicts/recent[?n=N]</c>.
/// </summary>
internal sealed class SmtpAdminRoutes(SmtpEdge edge) : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions", (bool? held, string? ip) =>
        {
            IPNetwork? filter = null;
            if (ip is not null)
            {
                if (!IPNetwork.TryParse(ip, out var network) && !(IPAddress.TryParse(ip, out var single) && IPNetwork.TryParse($"{single}/{(single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}", out network)))
                {
                    return Results.BadRequest(new { error = $"ip must be an address or a network such as 192.0.2.0/24, got \"{Logging.LogText.Escape(ip, 60)}\"" });
                }

                filter = network;
            }

            var sessions = edge.Registry.Snapshot()
                .Where(s => held != true || s.HeldSince is not null)
                .Where(s => filter is not { } f || f.Contains(s.Client))
                .Select(s => new
                {
                    s.Id,
                    s.Path,
                    Client = s.Client.ToString(),
                    s.State,
                    s.Started,
                    s.HeldSince,
                    s.BytesTrickled,
                    s.BytesIn,
                    s.Sins,
                    s.Helo,
                });
            return Results.Json(sessions);
        });

        app.MapGet("/api/smtp/stats", () => Results.Json(new
        {
            open = edge.Gate.Open,
            held = edge.Gate.Held,
            connectionCap = edge.Gate.MaxConnections,
            heldCap = edge.Gate.MaxHeld,
            sessionsStarted = edge.Metrics.TotalStarted,
            sessionsEnded = edge.Metrics.TotalSessions,
            shed = edge.Metrics.TotalShed,
            verdicts = edge.Recent.Count,
            heldSeconds = edge.Metrics.TotalHeld.TotalSeconds,
            bytesTrickled = edge.Metrics.TotalTrickled,
        }));

        app.MapGet("/api/verdicts/recent", (int? n) => Results.Json(edge.Recent.Latest(Math.Clamp(n ?? 100, 1, 1000)).Select(v => new
        {
            Client = v.Client.ToString(),
            v.Node,
            v.Start,
            v.End,
            Mode = v.Mode.ToString().ToLowerInvariant(),
            Outcome = Listener.SmtpMetrics.Label(v.Outcome),
            v.Score,
            Sins = v.Sins.Select(s => s.ToString()),
            Dnsbl = v.Dnsbl?.Zones.Where(z => z.Status == Resolver.ZoneStatus.Listed).Select(z => z.Zone),
            Helo = v.Helo is null ? null : Logging.LogText.Escape(v.Helo, 60),
            v.QuitSent,
            v.BytesIn,
            v.BytesOut,
        })));
    }
}
