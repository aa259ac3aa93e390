namespace ActorTrap.Cli.Commands.Ctl;

/// <summary>
/// Which node <c>ctl</c> talks to and with what token: <c>--admin</c>, else <c>ACTORTRAP_ADMIN</c>, else the default
/// admin address; <c>--token</c>, else <c>ACTORTRAP_ADMIN_TOKEN</c> (the variable the node itself reads, so ctl works on
/// a host set up by the systemd env file or in a pod), else the deprecated <c>ACTORTRAP_TOKEN</c>. The token is only
/// ever put in the Authorization header.
/// </summary>
internal sealed record AdminEndpoint(Uri BaseUri, string? Token)
{
    /// <summary>The reference configuration's <c>actortrap.admin.listen</c> ("127.0.0.1:9110", Petabridge.Cmd's port).</summary>
    public const string DefaultAddress = "http://127.0.0.1:9110";

    public const string AddressVariable = "ACTORTRAP_ADMIN";

    /// <summary>The node's own variable for <c>actortrap.admin.token</c>.</summary>
    public const string TokenVariable = "ACTORTRAP_ADMIN_TOKEN";

    /// <summary>What ctl read before issue 16; still read after <see cref="TokenVariable"/>, so scripts that set it go on working.</summary>
    public const string DeprecatedTokenVariable = "ACTORTRAP_TOKEN";

    public static AdminEndpoint Resolve(string? admin, string? token, Func<string, string?> environment)
    {
        var (address, source) = NonEmpty(admin) is { } a ? (a, "--admin")
            : NonEmpty(environment(AddressVariable)) is { } e ? (e, AddressVariable)
            : (DefaultAddress, "the default");
        return new AdminEndpoint(ParseAddress(address, source), NonEmpty(token) ?? TokenFromEnvironment(environment));
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

    /// <summary>The token the environment supplies, for every command that talks to a node's admin endpoint.</summary>
    public static string? TokenFromEnvironment(Func<string, string?> environment) =>
        NonEmpty(environment(TokenVariable)) ?? NonEmpty(environment(DeprecatedTokenVariable));

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The address for messages: never the token, and no user:password part of the URL.</summary>
    public string Display => BaseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped).TrimEnd('/');
}
