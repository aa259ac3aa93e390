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
    public static NodeStartException Listen(string key, string listener, IPEndPoint where, SocketException e, string? hint = null) =>
        Listen(key, listener, ListenAddress.Format(where), where.Port, e, hint);

    private static NodeStartException Listen(string key, string listener, string at, int port, SocketException e, string? hint) =>
        new(e.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse =>
                $"{key}: {at} is already in use, so the {listener} cannot listen there: another ActorTrap node or another program holds it " +
                $"(`ss -ltnup 'sport = :{port}'` shows which){(hint is null ? "" : "; " + hint)}",
            SocketError.AccessDenied =>
                $"{key}: listening on {at} for the {listener} was refused: ports below 1024 need root or CAP_NET_BIND_SERVICE " +
                "(setcap cap_net_bind_service=+ep on the binary, or AmbientCapabilities in the systemd unit), or use a port above 1023",
            SocketError.AddressNotAvailable => $"{key}: {at} is not an address of this machine, so the {listener} cannot listen there",
            _ => $"{key}: the {listener} cannot listen on {at}: {e.Message}",
        }, e);

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

    /// <summary>
    /// What <c>actortrap run</c> prints for a failed start: the first <see cref="NodeStartException"/> anywhere in the
    /// exception tree (the host wraps start failures in nested AggregateExceptions); Akka.Remote failing to bind, said
    /// with the cluster's key; else the innermost message.
    /// </summary>
    /// <param name="cluster">Where remoting was to listen, to name it when Akka.Remote could not bind.</param>
    public static string Describe(Exception e, ClusterOptions? cluster = null)
    {
        var all = Flatten(e).ToList();
        if (all.OfType<NodeStartException>().FirstOrDefault() is { } start)
        {
            return start.Message;
        }

        if (cluster is not null && all.OfType<Akka.Remote.RemoteTransportException>().Any() && all.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            return Listen("actortrap.cluster.port", "cluster remoting (Akka.Remote)", $"{cluster.Hostname}:{cluster.Port}", cluster.Port, socket,
                "give each node on a host its own port, or 0 for a free one").Message;
        }

        return e.GetBaseException().Message;
    }

    // Depth first, outer before inner, every inner exception of an AggregateException; bounded against cycles.
    private static IEnumerable<Exception> Flatten(Exception root)
    {
        var stack = new Stack<(Exception E, int Depth)>([(root, 0)]);
        while (stack.Count > 0)
        {
            var (e, depth) = stack.Pop();
            yield return e;
            if (depth >= 16)
            {
                continue;
            }

            var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : (IReadOnlyList<Exception>)[];
            for (var n = inner.Count - 1; n >= 0; n--)
            {
                stack.Push((inner[n], depth + 1));
            }
        }
    }

    /// <summary>True for the IOException a file opened with FileShare.None by another process gives (flock on Unix, a sharing violation on Windows).</summary>
    public static bool IsLockedByAnother(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && (e.HResult == unchecked((int)0x80070020) || e.Message.Contains("being used by another process", StringComparison.Ordinal));
}
