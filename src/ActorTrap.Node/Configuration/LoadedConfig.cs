using ActorTrap.Hocon;

namespace ActorTrap.Node.Configuration;

/// <summary>The outcome of loading a node's configuration: either settings, or every error found.</summary>
public sealed class LoadedConfig
{
    private readonly HoconConfig? redacted;

    internal LoadedConfig(HoconConfig? redacted, NodeSettings? settings, IReadOnlyList<ConfigError> errors, string sourceDescription, HoconConfig? effective = null)
    {
        this.redacted = redacted;
        Effective = errors.Count == 0 ? effective : null;
        Settings = errors.Count == 0 ? settings : null;
        Errors = errors;
        SourceDescription = sourceDescription;
    }

    /// <summary>The validated settings; null when there is any error.</summary>
    public NodeSettings? Settings { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>The effective configuration, secrets included, when valid: a reload compares it key by key with the running one.</summary>
    internal HoconConfig? Effective { get; }

    /// <summary>Which layers were loaded, for the start-up log line.</summary>
    public string SourceDescription { get; }

    /// <summary>The effective configuration as HOCON, with secrets replaced, for <c>actortrap config check</c>.</summary>
    public string Render() => redacted?.Render() ?? string.Empty;
}
