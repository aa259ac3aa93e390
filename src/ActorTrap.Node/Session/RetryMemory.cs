using System.Net;
using System.Security.Cryptography;
using System.Text;
using ActorTrap.Node.Reputation;

namespace ActorTrap.Node.Session;

/// <summary>
/// The greylisting test of OpenBSD spamd, kept by envelope: which (sender, recipients) were refused with 451 to
/// DATA, from which client network (/24 for IPv4, /64 for IPv6, since big senders retry from pools of hosts), and
/// when. A later session with the same envelope from the same network, between <see cref="RetryOptions.MinDelay"/>
/// and <see cref="RetryOptions.MaxDelay"/> after the first refusal, is a retry: what an MTA's queue does and a
/// fire-and-forget spambot does not. Bounded: <see cref="RetryOptions.MaxNetworks"/> networks with
/// <see cref="RetryOptions.EnvelopesPerNetwork"/> envelopes each (about 200 bytes a network), least recently used
/// dropped first. One lock: every session calls it once, at its end. This node's memory only: a retry that reaches
/// another node of a cluster is not recognised there.
/// </summary>
internal sealed class RetryMemory(RetryOptions options)
{
    private readonly Dictionary<IpKey, LinkedListNode<Entry>> byNetwork = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();

    /// <summary>
    /// Records that <paramref name="client"/> was refused <paramref name="envelope"/> at <paramref name="now"/>, and
    /// tells whether that is a retry of an earlier refusal.
    /// </summary>
    public bool Refused(IPAddress client, ulong envelope, DateTimeOffset now)
    {
        var key = NetworkOf(client);
        lock (gate)
        {
            if (!byNetwork.TryGetValue(key, out var node))
            {
                if (byNetwork.Count >= options.MaxNetworks && recency.Last is { } oldest)
                {
                    byNetwork.Remove(oldest.Value.Network);
                    recency.RemoveLast();
                }

                node = recency.AddFirst(new Entry(key));
                byNetwork[key] = node;
            }
            else
            {
                recency.Remove(node);
                recency.AddFirst(node);
            }

            return node.Value.Refused(envelope, now, options);
        }
    }

    /// <summary>A stable 64-bit digest of an envelope: the sender and the recipients, lower case, recipients sorted.</summary>
    public static ulong Envelope(string? sender, IEnumerable<string> recipients)
    {
        var text = new StringBuilder((sender ?? string.Empty).ToLowerInvariant());
        foreach (var rcpt in recipients.Select(r => r.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            text.Append('\n').Append(rcpt);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return BitConverter.ToUInt64(hash);
    }

    private static IpKey NetworkOf(IPAddress client)
    {
        var key = IpKey.From(client);
        return key.IsIPv4Mapped ? key.Mask(96 + 24) : key.Mask(64);
    }

    private sealed class Entry(IpKey network)
    {
        private readonly (ulong Envelope, DateTimeOffset First)[] seen = new (ulong, DateTimeOffset)[RetryOptions.EnvelopesPerNetwork];
        private int count;

        public IpKey Network => network;

        public bool Refused(ulong envelope, DateTimeOffset now, RetryOptions options)
        {
            for (var i = 0; i < count; i++)
            {
                if (seen[i].Envelope != envelope)
                {
                    continue;
                }

                var age = now - seen[i].First;
                if (age > options.MaxDelay)
                {
                    seen[i].First = now; // a new message with the same envelope: a new greylisting test
                    return false;
                }

                // Every retry is timed from the first refusal, as a queue's backoff is.
                return age >= options.MinDelay;
            }

            if (count == seen.Length)
            {
                Array.Copy(seen, 1, seen, 0, seen.Length - 1); // forget the oldest envelope
                count--;
            }

            seen[count++] = (envelope, now);
            return false;
        }
    }
}
