namespace ActorTrap.Hocon;

/// <summary>The one exception the reader throws: a parse error, an unresolvable substitution, or a getter applied to a value of the wrong type.</summary>
/// <remarks><see cref="Reason"/> is the message without the location, for callers that format their own.</remarks>
public sealed class HoconException : Exception
{
    public HoconException(string message) : base(message) => Reason = message;

    public HoconException(string message, Exception inner) : base(message, inner) => Reason = message;

    internal HoconException(string reason, HoconOrigin? origin, string? path = null)
        : base(Format(reason, origin, path))
    {
        Reason = reason;
        Origin = origin;
        Path = path;
    }

    public HoconException() : this("HOCON error")
    {
    }

    /// <summary>What went wrong and what was expected, without path or location.</summary>
    public string Reason { get; }

    /// <summary>Where the offending text is, when known.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>The config path a getter was asked for, when the error comes from a getter.</summary>
    public string? Path { get; }

    // Parse errors read "file:line:col: reason"; getter errors lead with the path the caller asked for and put the place the value was set at the end.
    private static string Format(string reason, HoconOrigin? origin, string? path) => (path, origin) switch
    {
        (not null, not null) => $"{path}: {reason} ({origin})",
        (not null, null) => $"{path}: {reason}",
        (null, not null) => $"{origin}: {reason}",
        _ => reason,
    };
}
