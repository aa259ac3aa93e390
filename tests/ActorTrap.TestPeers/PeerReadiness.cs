using System.Net;

namespace ActorTrap.TestPeers;

/// <summary>Polls a freshly started DNS peer until it answers, it exits, or the bound runs out.</summary>
internal static class PeerReadiness
{
    public static async Task<bool> WaitAsync(PeerProcess process, IPEndPoint endPoint, string probeName, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await DnsProbe.AnswersAsync(endPoint, probeName, TimeSpan.FromMilliseconds(200)).ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
