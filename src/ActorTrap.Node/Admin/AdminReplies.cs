using ActorTrap.Node.Reputation.Store;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Admin;

/// <summary>
/// How the admin routes answer what went wrong: <c>{"error": "..."}</c> with a 4xx/5xx status, and a store or actor
/// that does not answer in time as 503 (logged), never a 500 with a stack trace or a hang.
/// </summary>
internal static class AdminReplies
{
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>Runs a handler; what <see cref="IsUnavailable"/> recognises becomes 503 <c>{error}</c>.</summary>
    /// <param name="storeKind">"sqlite" or "postgres", for the message when the store failed.</param>
    public static async Task<IResult> GuardAsync(HttpRequest http, CancellationToken aborted, string storeKind, ILogger logger,
        Func<CancellationToken, Task<IResult>> handler)
    {
        try
        {
            return await handler(aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            var reason = e is AskTimeoutException or TimeoutException ? "the actors did not answer in time" : $"the {storeKind} store is unavailable: {e.Message}";
            Log.AdminRequestFailed(logger, http.Path.Value ?? "", reason);
            return Error(StatusCodes.Status503ServiceUnavailable, reason);
        }
    }

    public static bool IsUnavailable(Exception e) =>
        e is StoreUnavailableException or AskTimeoutException or TimeoutException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException;
}
