using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorTrap.Node.Publishing.Dns;

/// <summary>
/// Linux <c>recvmmsg</c>/<c>sendmmsg</c> for the UDP responder: up to <see cref="Size"/> queries in, and their answers
/// out, per pair of system calls, as rbldnsd's maintained fork does. Under load the system calls, not the answering,
/// are the cost of a DNSBL server; batching them is what lets one core keep up with rbldnsd.
/// The kernel structures (x86-64 and arm64 Linux, 8-byte pointers) live in pinned arrays written with explicit
/// offsets, so no unsafe code is needed. <see cref="IsSupported"/> is false elsewhere; the caller then uses
/// <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, System.Net.SocketAddress)"/>.
/// </summary>
internal sealed class MmsgBatch
{
    public const int Size = 32;
    public const int QueryBytes = 4096;
    public const int NameBytes = 128; // sockaddr_storage

    // struct mmsghdr: struct msghdr (56 bytes) + unsigned msg_len, padded to 64.
    private const int MmsgBytes = 64;
    private const int IovBytes = 16;
    private const int MsgWaitForOne = 0x10000;
    private const int MsgTrunc = 0x20;

    private readonly byte[] queries = GC.AllocateArray<byte>(Size * QueryBytes, pinned: true);
    private readonly byte[] responses = GC.AllocateArray<byte>(Size * DnsblAnswerer.ResponseBufferBytes, pinned: true);
    private readonly byte[] names = GC.AllocateArray<byte>(Size * NameBytes, pinned: true);
    private readonly byte[] receiveIov = GC.AllocateArray<byte>(Size * IovBytes, pinned: true);
    private readonly byte[] sendIov = GC.AllocateArray<byte>(Size * IovBytes, pinned: true);
    private readonly byte[] receiveVector = GC.AllocateArray<byte>(Size * MmsgBytes, pinned: true);
    private readonly byte[] sendVector = GC.AllocateArray<byte>(Size * MmsgBytes, pinned: true);
    private readonly int[] responseLengths = new int[Size];

    public MmsgBatch()
    {
        for (var i = 0; i < Size; i++)
        {
            WritePointer(receiveIov, (i * IovBytes) + 0, Address(queries, i * QueryBytes));
            WritePointer(receiveIov, (i * IovBytes) + 8, QueryBytes);
            var m = i * MmsgBytes;
            WritePointer(receiveVector, m + 0, Address(names, i * NameBytes));
            WritePointer(receiveVector, m + 16, Address(receiveIov, i * IovBytes));
            WritePointer(receiveVector, m + 24, 1);
        }
    }

    /// <summary>64-bit little-endian Linux, where the offsets above hold, and the C library answers.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && IntPtr.Size == 8 && BitConverter.IsLittleEndian && Probe();

    /// <summary>Blocks until at least one datagram arrives (or the socket's receive timeout), then takes what is queued.</summary>
    /// <returns>Datagrams received; 0 on timeout or interruption; -1 when the socket is gone.</returns>
    public int Receive(SafeHandle socket)
    {
        for (var i = 0; i < Size; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(receiveVector.AsSpan((i * MmsgBytes) + 8), NameBytes);
            BinaryPrimitives.WriteInt32LittleEndian(receiveVector.AsSpan((i * MmsgBytes) + 48), 0);
        }

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var n = recvmmsg((int)socket.DangerousGetHandle(), Address(receiveVector, 0), Size, MsgWaitForOne, IntPtr.Zero);
            if (n >= 0)
            {
                return n;
            }

            // EAGAIN (receive timeout), EINTR: come back; anything else means the socket is closed or broken.
            return Marshal.GetLastPInvokeError() is 11 or 4 ? 0 : -1;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>Datagram <paramref name="i"/> of the last receive, or empty when the kernel had to cut it.</summary>
    public ReadOnlySpan<byte> Query(int i)
    {
        var m = i * MmsgBytes;
        var flags = BinaryPrimitives.ReadInt32LittleEndian(receiveVector.AsSpan(m + 48));
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(receiveVector.AsSpan(m + 56));
        return (flags & MsgTrunc) != 0 ? [] : queries.AsSpan(i * QueryBytes, Math.Min(length, QueryBytes));
    }

    /// <summary>The sender of datagram <paramref name="i"/>, as a raw Linux sockaddr.</summary>
    public ReadOnlySpan<byte> Source(int i) => names.AsSpan(i * NameBytes, SourceLength(i));

    public Span<byte> Response(int i) => responses.AsSpan(i * DnsblAnswerer.ResponseBufferBytes, DnsblAnswerer.ResponseBufferBytes);

    /// <summary>Marks datagram <paramref name="i"/>'s answer as <paramref name="length"/> bytes of <see cref="Response"/>; -1 sends nothing.</summary>
    public void SetResponse(int i, int length) => responseLengths[i] = length;

    /// <summary>Sends every answer set since the last receive, each back to its sender.</summary>
    public void SendAll(SafeHandle socket, int received)
    {
        var count = 0;
        for (var i = 0; i < received; i++)
        {
            if (responseLengths[i] <= 0)
            {
                continue;
            }

            WritePointer(sendIov, (count * IovBytes) + 0, Address(responses, i * DnsblAnswerer.ResponseBufferBytes));
            WritePointer(sendIov, (count * IovBytes) + 8, responseLengths[i]);
            var m = count * MmsgBytes;
            WritePointer(sendVector, m + 0, Address(names, i * NameBytes));
            BinaryPrimitives.WriteUInt32LittleEndian(sendVector.AsSpan(m + 8), (uint)SourceLength(i));
            WritePointer(sendVector, m + 16, Address(sendIov, count * IovBytes));
            WritePointer(sendVector, m + 24, 1);
            count++;
        }

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            var sent = 0;
            while (sent < count)
            {
                var n = sendmmsg(fd, Address(sendVector, sent * MmsgBytes), (uint)(count - sent), 0);

                // A failed datagram (full buffer, unreachable source) is skipped: UDP promises nothing, nor do we.
                sent += n > 0 ? n : 1;
            }
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }

            Array.Clear(responseLengths);
        }
    }

    private int SourceLength(int i) =>
        (int)Math.Min(NameBytes, BinaryPrimitives.ReadUInt32LittleEndian(receiveVector.AsSpan((i * MmsgBytes) + 8)));

    private static IntPtr Address(byte[] pinned, int offset) => Marshal.UnsafeAddrOfPinnedArrayElement(pinned, offset);

    private static void WritePointer(byte[] into, int offset, IntPtr value) => BinaryPrimitives.WriteInt64LittleEndian(into.AsSpan(offset), value.ToInt64());

    private static bool Probe()
    {
        try
        {
            // An invalid descriptor must fail with EBADF (9): proof that the entry points exist and are callable.
            return recvmmsg(-1, IntPtr.Zero, 0, 0, IntPtr.Zero) == -1 && Marshal.GetLastPInvokeError() == 9
                && sendmmsg(-1, IntPtr.Zero, 0, 0) == -1 && Marshal.GetLastPInvokeError() == 9;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054, CA5392, CA2101 // LibraryImport would need unsafe code; libc is the system's own library
    [DllImport("libc", SetLastError = true)]
    private static extern int recvmmsg(int fd, IntPtr vector, uint length, int flags, IntPtr timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int sendmmsg(int fd, IntPtr vector, uint length, int flags);
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
