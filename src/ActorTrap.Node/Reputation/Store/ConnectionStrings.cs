using Npgsql;

namespace ActorTrap.Node.Reputation.Store;

/// <summary>Connection strings as they may appear in logs: the password (and anything unparseable) never does.</summary>
internal static class ConnectionStrings
{
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return "(none)";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "redacted";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }

    /// <summary>Null when Npgsql accepts <paramref name="connectionString"/>, else why not (without echoing the string).</summary>
    public static string? Validate(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrEmpty(builder.Host) ? "has no Host" : null;
        }
        catch (ArgumentException e)
        {
            // Npgsql's message names the bad keyword, not its value.
            return e.Message;
        }
    }
}
