using System.Net;
using System.Net.Sockets;
using ActorTrap.Node.Configuration;

namespace ActorTrap.Node.Hosting;

/// <summary>The start-up failures an operator meets first, each turned into a <see cref="NodeStartException"/> that says what and where.</summary>
internal static class StartFailures
{
    /// <param name="key">The configuration key that names the address, e.g. <c>actortrap.smtp.listen</c>.</param>
    /// <param name="listener">Which listener, in words: "SMTP listener", "admin endpoint", ...</param>
    /// <param name="hint">What else to say when the address is taken, or null.</param>
    public static NodeStartException Listen(string key, string listener, IPEndPoint where, SocketException e, string? hint = null)
    {
        var at = ListenAddress.Format(where);
        return new NodeStartException(e.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse =>
                $"{key}: {at} is already in use, so the {listener} cannot listen there: another ActorTrap node or another program holds it " +
                $"(`ss -ltnup 'sport = :{where.Port}'` shows which){(hint is null ? "" : "; " + hint)}",
            SocketError.AccessDenied =>
                $"{key}: listening on {at} for the {listener} was refused: ports below 1024 need root or CAP_NET_BIND_SERVICE " +
                "(setcap cap_net_bind_service=+ep on the binary, or AmbientCapabilities in the systemd unit), or use a port above 1023",
            SocketError.AddressNotAvailable => $"{key}: {at} is not an address of this machine, so the {listener} cannot listen there",
            _ => $"{key}: the {listener} cannot listen on {at}: {e.Message}",
        }, e);
    }

    /// <summary>The data directory (or one under it) could not be created or opened.</summary>
    public static NodeStartException DataDirectory(string path, Exception e)
    {
        var full = Path.GetFullPath(path);
        var why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
        return new NodeStartException(
            $"actortrap.data-dir: cannot create or open {full}: {why}. The node runs as user {Environment.UserName}: create the directory " +
            $"and give it to that user (e.g. install -d -o {Environment.UserName} {full}), or point actortrap.data-dir (env ACTORTRAP_DATA_DIR) elsewhere", e);
    }

    /// <summary>Another process holds the data directory's lock: two nodes must never share a spool or a store file.</summary>
    public static NodeStartException DataDirectoryInUse(string path, Exception e) => new(
        $"actortrap.data-dir: {Path.GetFullPath(path)} is being used by another node (its spool is locked by another running process). " +
        "Each node needs its own data directory: stop the other node, or set actortrap.data-dir (env ACTORTRAP_DATA_DIR) to another directory", e);

    /// <summary>What <c>actortrap run</c> prints for a failed start: the first <see cref="NodeStartException"/> in the chain, else the innermost message.</summary>
    public static string Describe(Exception e)
    {
        for (var current = e; current is not null; current = current is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : current.InnerException)
        {
            if (current is NodeStartException start)
            {
                return start.Message;
            }
        }

        return e.GetBaseException().Message;
    }

    /// <summary>True for the IOException a file opened with FileShare.None by another process gives (flock on Unix, a sharing violation on Windows).</summary>
    public static bool IsLockedByAnother(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && (e.HResult == unchecked((int)0x80070020) || e.Message.Contains("being used by another process", StringComparison.Ordinal));
}
