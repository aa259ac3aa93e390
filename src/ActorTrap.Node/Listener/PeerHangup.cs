using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorTrap.Node.Listener;

/// <summary>
/// Whether a client closed its side, without reading from the socket. A held client's unread commands stay in the
/// receive buffer (that closes its TCP window: tarpitting too), and a read would only see the FIN behind them; Linux's
/// POLLRDHUP reports the FIN (and POLLHUP/POLLERR a reset) whatever is queued. Elsewhere: readable with nothing to read.
/// </summary>
internal static class PeerHangup
{
    private const short PollHangupEvents = 0x2000 | 0x10 | 0x8; // POLLRDHUP | POLLHUP | POLLERR

    public static bool Seen(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = new PollFd { Fd = (int)socket.SafeHandle.DangerousGetHandle(), Events = PollHangupEvents };
            return poll(ref fd, 1, 0) > 0 && (fd.Revents & PollHangupEvents) != 0;
        }

        return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

#pragma warning disable SYSLIB1054, CA5392 // LibraryImport would need unsafe code; libc is the system's own library
    [DllImport("libc", SetLastError = true)]
    private static extern int poll(ref PollFd fds, nuint count, int timeoutMs);
#pragma warning restore SYSLIB1054, CA5392
}
