using System.CommandLine;
using ActorTrap.Cli.Commands.Ctl.Output;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// <c>ctl health</c>: asks the node's <c>/healthz</c> (open without the token, as the kubelet's probes ask it) and
/// exits 0 when it answers 200 ("ok", or "degraded" and what is: a degraded node is alive), 1 when it answers anything
/// else or nothing within 5 s, 2 on a bad <c>--admin</c>. The container image's HEALTHCHECK, which has no curl.
/// </summary>
internal static class HealthCommand
{
    /// <summary>A live node answers from memory at once; a Docker HEALTHCHECK's own timeout is 30 s by default.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static Command Create(CtlOptions options)
    {
        var command = new Command("health", "Ask the node's /healthz (no token needed): exit 0 when it answers 200, 1 otherwise (a container HEALTHCHECK)");
        command.SetAction(async (result, cancellationToken) =>
        {
            AdminEndpoint endpoint;
            try
            {
                endpoint = AdminEndpoint.Resolve(result.GetValue(options.Admin), null, Environment.GetEnvironmentVariable);
            }
            catch (CtlException e)
            {
                await Console.Error.WriteLineAsync($"actortrap ctl: {e.Message}").ConfigureAwait(false);
                return e.ExitCode;
            }

            using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = Limit, AllowAutoRedirect = false, UseProxy = false })
            {
                BaseAddress = endpoint.BaseUri,
                Timeout = Limit,
            };
            try
            {
                using var reply = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                var body = SafeText.Plain((await reply.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim(), 300);
                if (reply.IsSuccessStatusCode)
                {
                    await Console.Out.WriteLineAsync(body).ConfigureAwait(false);
                    return 0;
                }

                await Console.Error.WriteLineAsync($"actortrap ctl: {endpoint.Display}/healthz answered {(int)reply.StatusCode}: {body}").ConfigureAwait(false);
                return CtlException.NodeError;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"actortrap ctl: no answer from {endpoint.Display}/healthz within {Limit.TotalSeconds:0} s ({SafeText.Plain(e.Message, 200)})").ConfigureAwait(false);
                return CtlException.NodeError;
            }
        });
        return command;
    }
}
