using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// The HTTP side of <c>ctl</c>: one request per call, the token as a Bearer header, and every failure turned into a
/// <see cref="CtlException"/> whose message says what happened and what to do, without the token.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    /// <summary>A node answers from memory in milliseconds; 10 s means it is stuck or the network is.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient http;
    private readonly AdminEndpoint endpoint;

    public AdminClient(AdminEndpoint endpoint)
    {
        this.endpoint = endpoint;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false, UseProxy = false };
        http = new HttpClient(handler) { BaseAddress = endpoint.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        if (endpoint.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <param name="path">Relative to the admin base, without a leading slash, e.g. <c>api/sessions?held=true</c>.</param>
    public async Task<AdminReply> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false)
            ?? throw CtlException.Node(NotServed(path));

    /// <summary>Like <see cref="GetAsync"/>, but null when the node has no such endpoint (an older node, or a stage it does not run).</summary>
    public Task<AdminReply?> GetIfServedAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<AdminReply> PostJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), cancellationToken).ConfigureAwait(false)
            ?? throw CtlException.Node(NotServed(path));

    public static string NotServed(string path) =>
        $"this node does not serve /{PathOnly(path)} yet (404); it runs an older ActorTrap or not the stage behind it";

    private async Task<AdminReply?> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CtlException.Node($"no answer from the node at {endpoint.Display} within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw CtlException.Node($"cannot reach the node at {endpoint.Display}: {Describe(e)}; is it running? (set --admin or {AdminEndpoint.AddressVariable})");
        }

        using (response)
        {
            return Interpret(response, body, path);
        }
    }

    private AdminReply? Interpret(HttpResponseMessage response, string body, string path)
    {
        var error = ErrorText(body);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                throw CtlException.Node(endpoint.Token is null
                    ? $"the node at {endpoint.Display} requires a token (401): pass --token or set {AdminEndpoint.TokenVariable}"
                    : $"the node at {endpoint.Display} refused the token (401 unauthorized): check --token or {AdminEndpoint.TokenVariable}");
            case HttpStatusCode.NotFound when error is null:
                return null; // no such route: the endpoint does not exist on this node
            case HttpStatusCode.NotFound:
                throw CtlException.Node(error!);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw CtlException.Node($"the node answered {(int)response.StatusCode} {response.ReasonPhrase} to /{PathOnly(path)}" + (error is null ? "" : $": {error}"));
        }

        JsonElement parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException)
        {
            throw CtlException.Node($"the node answered /{PathOnly(path)} with something that is not JSON; is {endpoint.Display} an ActorTrap admin endpoint?");
        }

        return new AdminReply(body, parsed, response.Headers.Date ?? DateTimeOffset.UtcNow);
    }

    /// <summary>The admin API reports errors as <c>{"error": "..."}</c>; anything else is not an API error body.</summary>
    private static string? ErrorText(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? Output.SafeText.Plain(e.GetString()!, 300)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "host not found",
        SocketException s => s.SocketErrorCode.ToString(),
        OperationCanceledException => "connect timed out",
        System.Security.Authentication.AuthenticationException => "TLS handshake failed",
        _ => e.HttpRequestError.ToString(),
    };

    private static string PathOnly(string path) => path.Split('?', 2)[0];

    public void Dispose() => http.Dispose();
}
