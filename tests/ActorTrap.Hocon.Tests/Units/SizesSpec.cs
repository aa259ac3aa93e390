using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Units;

public sealed class SizesSpec
{
    private static long S(string value) => Conf.Parse("s = " + value).GetSize("s");

    [Theory]
    [InlineData("512k", 524288L)]
    [InlineData("512kB", 512000L)]
    [InlineData("512", 512L)]
    [InlineData("512B", 512L)]
    [InlineData("512b", 512L)]
    [InlineData("512 bytes", 512L)]
    [InlineData("1 byte", 1L)]
    [InlineData("11k", 11 * 1024L)]
    [InlineData("11K", 11 * 1024L)]
    [InlineData("11Ki", 11 * 1024L)]
    [InlineData("11KiB", 11 * 1024L)]
    [InlineData("11 kibibytes", 11 * 1024L)]
    [InlineData("1 kibibyte", 1024L)]
    [InlineData("11kB", 11000L)]
    [InlineData("11 kilobytes", 11000L)]
    [InlineData("1 kilobyte", 1000L)]
    [InlineData("2m", 2 * 1024L * 1024)]
    [InlineData("2M", 2 * 1024L * 1024)]
    [InlineData("2Mi", 2 * 1024L * 1024)]
    [InlineData("2MiB", 2 * 1024L * 1024)]
    [InlineData("2 mebibytes", 2 * 1024L * 1024)]
    [InlineData("2MB", 2_000_000L)]
    [InlineData("2 megabytes", 2_000_000L)]
    [InlineData("3g", 3L << 30)]
    [InlineData("3GiB", 3L << 30)]
    [InlineData("3 gibibytes", 3L << 30)]
    [InlineData("3GB", 3_000_000_000L)]
    [InlineData("3 gigabytes", 3_000_000_000L)]
    [InlineData("1t", 1L << 40)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("1 tebibyte", 1L << 40)]
    [InlineData("1 terabytes", 1_000_000_000_000L)]
    [InlineData("1p", 1L << 50)]
    [InlineData("1PB", 1_000_000_000_000_000L)]
    [InlineData("1 pebibytes", 1L << 50)]
    [InlineData("1 petabyte", 1_000_000_000_000_000L)]
    [InlineData("1e", 1L << 60)]
    [InlineData("1EiB", 1L << 60)]
    [InlineData("1EB", 1_000_000_000_000_000_000L)]
    [InlineData("1 exbibyte", 1L << 60)]
    [InlineData("1 exabytes", 1_000_000_000_000_000_000L)]
    [InlineData("1.5k", 1536L)]
    [InlineData("\"64 KiB\"", 65536L)]
    public void Sizes_follow_the_spec_table(string value, long bytes) => Assert.Equal(bytes, S(value));

    [Theory]
    [InlineData("1ZB")]
    [InlineData("1 zebibyte")]
    [InlineData("1YB")]
    [InlineData("1Y")]
    [InlineData("9999999EB")]
    public void Sizes_beyond_64_bits_are_errors(string value) =>
        Assert.Contains("does not fit in 64 bits", Assert.Throws<HoconException>(() => S(value)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("lots")]
    [InlineData("5 kb")]
    [InlineData("5KB")]
    [InlineData("-1k")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("5 kibibits")]
    public void Invalid_sizes_are_errors(string value) => Assert.Throws<HoconException>(() => S(value));
}
