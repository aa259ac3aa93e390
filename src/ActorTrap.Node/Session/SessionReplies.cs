using System.Text;
using System.Collections.Concurrent;
using System.Net;
using ActorTrap.Node.Configuration;
using ActorTrap.Smtp.Analysis;
using ActorTrap.Smtp.Dialogue;
using ActorTrap.Smtp.Replies;

namespace ActorTrap.Node.Session;

/// <summary>The replies of every session of one node, encoded once at start-up (sending them allocates nothing).</summary>
internal sealed class SessionReplies
{
    private readonly ConcurrentDictionary<IPAddress, ServerIdentity> identities = new();
    private readonly IPAddress[] listenAddresses;
    private readonly ConcurrentDictionary<SmtpReply, TrickleLines> trickled = new(ReferenceEqualityComparer.Instance);

    public SessionReplies(SmtpOptions options)
    {
        listenAddresses = [.. options.Listen.Select(e => e.Address).Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any))];
        HostName = options.Hostname;
        Server = new SmtpServerReplies(options.Hostname);
        ObserveDialogue = new SmtpDialogueOptions(Server, SmtpPolicy.Observe) { MaxCommands = options.MaxCommands, MaxErrors = options.MaxErrors };
        TarpitDialogue = new SmtpDialogueOptions(Server, SmtpPolicy.Tarpit) { MaxCommands = options.MaxCommands, MaxErrors = options.MaxErrors, CloseOnNonSmtp = false };
        DropReply = Line($"421 4.3.2 {HostName} Service not available, closing transmission channel");
        Busy = Line($"421 4.3.2 {HostName} Service busy, closing transmission channel");
        HoldOver = Line($"421 4.7.0 {HostName} closing connection, try again later");
        Timeout = Line($"421 4.4.2 {HostName} Error: timeout exceeded");
        Shutdown = Line($"421 4.3.2 {HostName} Service shutting down, closing transmission channel");
        HeldGreeting = TrickleLines.Of(220, $"{HostName} ESMTP");
        HeldReply = Trickled(SmtpReplies.TryAgainLater);
        MidLineShutdown = Line($"\r\n421 4.3.2 {HostName} Service shutting down, closing transmission channel");
    }

    public string HostName { get; }

    /// <summary>Our names and addresses for the HELO analysis: the host name, the listen addresses and the address the client reached.</summary>
    public ServerIdentity Identity(IPAddress local) => identities.GetOrAdd(local, a => new ServerIdentity([HostName], [.. listenAddresses, a]));

    public SmtpServerReplies Server { get; }

    public SmtpDialogueOptions ObserveDialogue { get; }

    public SmtpDialogueOptions TarpitDialogue { get; }

    /// <summary>Drop mode's one line before closing an unlisted client.</summary>
    public byte[] DropReply { get; }

    /// <summary>To a listed client shed because the held cap is reached.</summary>
    public byte[] Busy { get; }

    /// <summary>The end of a hold.</summary>
    public byte[] HoldOver { get; }

    public byte[] Timeout { get; }

    public byte[] Shutdown { get; }

    /// <summary>The greeting a held client is kept waiting on.</summary>
    public TrickleLines HeldGreeting { get; }

    /// <summary>The reply a held client gets to each command (451), trickled.</summary>
    public TrickleLines HeldReply { get; }

    /// <summary>The trickled form of a tarpit reply, shared by every held session (the tarpit answers all alike).</summary>
    public TrickleLines Trickled(SmtpReply reply) => trickled.GetOrAdd(reply, static r =>
        TrickleLines.Of(r.Code, r.EnhancedStatus is null ? r.Lines[0] : $"{r.EnhancedStatus} {r.Lines[0]}"));

    /// <summary>The shutdown line after a half-sent stuttered line.</summary>
    public byte[] MidLineShutdown { get; }

    private static byte[] Line(string text) => Encoding.ASCII.GetBytes(text + "\r\n");
}
