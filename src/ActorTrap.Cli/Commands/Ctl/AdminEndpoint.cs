namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// Which node <c>ctl</c> talks to and with what token: <c>--admin</c>, else <c>ACTORTRAP_ADMIN</c>, else the default
/// admin address; <c>--token</c>, else <c>ACTORTRAP_TOKEN</c>. The token is only ever put in the Authorization header.
/// </summary>
internal sealed record AdminEndpoint(Uri BaseUri, string? Token)
{
    /// <summary>The reference configuration's <c>actortrap.admin.listen</c> ("127.0.0.1:9110", Petabridge.Cmd's port).</summary>
    public const string DefaultAddress = "http://127.0.0.1:9110";

    public const string AddressVariable = "ACTORTRAP_ADMIN";

    public const string TokenVariable = "ACTORTRAP_TOKEN";

    public static AdminEndpoint Resolve(string? admin, string? token, Func<string, string?> environment)
    {
        var (address, source) = NonEmpty(admin) is { } a ? (a, "--admin")
            : NonEmpty(environment(AddressVariable)) is { } e ? (e, AddressVariable)
            : (DefaultAddress, "the default");
        return new AdminEndpoint(ParseAddress(address, source), NonEmpty(token) ?? NonEmpty(environment(TokenVariable)));
    }

    /// <summary>Accepts a URL or a bare host:port (http is assumed), e.g. <c>10.0.0.5:9110</c>.</summary>
    private static Uri ParseAddress(string address, string source)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw CtlException.Usage($"{source}: \"{Output.SafeText.Plain(address, 100)}\" is not an admin address; expected e.g. http://127.0.0.1:9110 or 10.0.0.5:9110");
        }

        // Request paths are relative to the base, so a node behind a path prefix (http://host/actortrap/) works too.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The address for messages: never the token, and no user:password part of the URL.</summary>
    public string Display => BaseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped).TrimEnd('/');
}
