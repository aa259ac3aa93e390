using ActorTrap.Node.Configuration;
using Akka.Actor;

namespace ActorTrap.Node.Hosting.Cluster;

/// <summary>
/// Checks an operator's leave, down or join against the membership this node sees, before anything reaches Akka
/// (which ignores a bad request silently): the address as <c>ctl cluster show</c> prints it or as host:port (the
/// seed-nodes rule), a member for leave and down, and for join a node that is not a member yet. What is wrong is
/// a value with the HTTP status to answer, never an exception.
/// </summary>
internal static class MembershipCheck
{
    /// <summary>How many members a "not a member" answer names.</summary>
    private const int MembersNamed = 8;

    public static MembershipVerdict Check(MembershipAction action, string? text, MembershipSnapshot view)
    {
        var verb = action.ToString().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(text))
        {
            return MembershipVerdict.Refused(400, $"address is required: the member's address as ctl cluster show lists it (akka.tcp://{ClusterOptions.SystemName}@host:port) or host:port");
        }

        if (SettingsBinder.SeedAddress(text.Trim()) is not { } normal || !Address.TryParse(normal, out var target))
        {
            return MembershipVerdict.Refused(400,
                $"\"{Printable(text)}\" is not a member address; write akka.tcp://{ClusterOptions.SystemName}@host:port as ctl cluster show lists it, or host:port");
        }

        if (view.Terminated)
        {
            return MembershipVerdict.Refused(409, "this node is no longer in a cluster (it left or was downed and is stopping); ask another member");
        }

        var member = view.Members.FirstOrDefault(m => m.Address.Equals(target));
        if (action == MembershipAction.Join)
        {
            return view.SelfIsMember
                ? MembershipVerdict.Refused(409, member.Address is not null
                    ? $"this node is already in the cluster of {target}"
                    : $"this node is already a member of a cluster ({Members(view.Members.Count)}); Akka lets a node join once: to move it, stop it and start it with actortrap.cluster.seed-nodes = [\"{target}\"]")
                : MembershipVerdict.Accepted(target, null);
        }

        if (member.Address is null)
        {
            var known = view.Members.Take(MembersNamed).Select(m => m.Address.ToString()).ToList();
            var listed = known.Count == 0 ? "it has none yet" : $"they are {string.Join(", ", known)}{(view.Members.Count > known.Count ? ", ..." : "")}";
            return MembershipVerdict.Refused(404, $"{target} is not a member of this node's cluster, so it cannot {verb}; {listed}");
        }

        return MembershipVerdict.Accepted(target, member.Status);
    }

    private static string Members(int count) => count == 1 ? "1 member" : $"{count} members";

    private static string Printable(string text) =>
        new(text.Trim().Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

/// <summary>The outcome of <see cref="MembershipCheck.Check"/>: a target to act on, or the status and error to answer.</summary>
/// <param name="Status">202 when accepted, else 400 (malformed), 404 (not a member), 409 (this node cannot do it).</param>
/// <param name="MemberStatus">The target's status when accepted, null for join (it is not a member of this node's cluster yet).</param>
internal sealed record MembershipVerdict(int Status, Address? Target, string? MemberStatus, string? Error)
{
    public static MembershipVerdict Accepted(Address target, string? status) => new(202, target, status, null);

    public static MembershipVerdict Refused(int status, string error) => new(status, null, null, error);
}
