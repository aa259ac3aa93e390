using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorTrap.Node.Reputation;

/// <summary>
/// An address as its 16-byte IPv6 form (IPv4 mapped to <c>::ffff:a.b.c.d</c>), held as two big-endian halves so
/// it is a cheap, allocation-free dictionary key; IPv4 and its mapped form are the same key.
/// </summary>
internal readonly record struct IpKey(ulong High, ulong Low)
{
    public static IpKey From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        Write(address, bytes);
        return new IpKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Writes the 16-byte IPv6-mapped form of <paramref name="address"/> (scope ids are ignored).</summary>
    public static void Write(IPAddress address, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            destination[..10].Clear();
            destination[10] = 0xff;
            destination[11] = 0xff;
            address.TryWriteBytes(destination[12..16], out _);
        }
        else
        {
            address.TryWriteBytes(destination[..16], out _);
        }
    }

    public bool IsIPv4Mapped => High == 0 && (Low >> 32) == 0xffff;

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        WriteBytes(bytes);
        return bytes;
    }

    public static IpKey FromBytes(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>The address in its natural family: IPv4 for a mapped address, IPv6 otherwise.</summary>
    public IPAddress ToAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteBytes(bytes);
        return IsIPv4Mapped ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    /// <summary>This key with every bit after the first <paramref name="prefixLength"/> bits (of 128) cleared.</summary>
    public IpKey Mask(int prefixLength) => prefixLength switch
    {
        <= 0 => default,
        >= 128 => this,
        < 64 => new IpKey(High & ~(ulong.MaxValue >> prefixLength), 0),
        64 => new IpKey(High, 0),
        _ => new IpKey(High, Low & ~(ulong.MaxValue >> (prefixLength - 64))),
    };

    public override string ToString() => ToAddress().ToString();
}
