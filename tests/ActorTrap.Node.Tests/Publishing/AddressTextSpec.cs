using System.Net;
using ActorTrap.Node.Publishing;

namespace ActorTrap.Node.Tests.Publishing;

public sealed class AddressTextSpec
{
    [Theory]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")] // RFC 5952 4.2.2: one zero group is not ::
    [InlineData("2001:0:0:1:0:0:0:1", "2001:0:0:1::1")] // 4.2.3: the longest run
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")] // 4.2.3: the first of equal runs
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("::ffff:127.0.0.2", "::ffff:7f00:2")] // hex, as rbldnsd reads it
    [InlineData("::1.2.3.4", "::102:304")] // .NET writes ::1.2.3.4
    [InlineData("192.0.2.9", "192.0.2.9")]
    public void Addresses_are_written_in_rfc_5952_canonical_text_without_dotted_quads_issue_16(string address, string expected) =>
        Assert.Equal(expected, AddressText.Format(IPAddress.Parse(address)));

    [Fact]
    public void Canonical_text_parses_back_to_the_same_address_and_matches_dotnet_where_dotnet_writes_hex()
    {
        var random = new Random(5952);
        var bytes = new byte[16];
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(bytes);
            // Zero runs are what canonical text is about: clear random groups often.
            for (var g = 0; g < 8; g++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[2 * g] = bytes[(2 * g) + 1] = 0;
                }
            }

            var address = new IPAddress(bytes);
            var text = AddressText.Format(address);
            Assert.Equal(address, IPAddress.Parse(text));
            if (!address.ToString().Contains('.', StringComparison.Ordinal))
            {
                Assert.Equal(address.ToString(), text);
            }
        }
    }

    [Fact]
    public void A_host_has_no_prefix_and_a_network_has_one()
    {
        Assert.Equal("2001:db8::7", AddressText.Format(IPAddress.Parse("2001:db8::7"), 128));
        Assert.Equal("2001:db8::/48", AddressText.Format(IPAddress.Parse("2001:db8::"), 48));
        Assert.Equal("192.0.2.0/24", AddressText.Format(IPAddress.Parse("192.0.2.0"), 24));
    }
}
