using ActorTrap.Hocon.Tests.Support;

namespace ActorTrap.Hocon.Tests.Units;

public sealed class DurationsSpec
{
    private static TimeSpan D(string value) => Conf.Parse("d = " + value).GetDuration("d");

    [Theory]
    [InlineData("500", 500)]
    [InlineData("1.5", 1.5)]
    [InlineData("\"250\"", 250)]
    [InlineData("0", 0)]
    public void Bare_number_is_milliseconds(string value, double ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), D(value));

    [Theory]
    [InlineData("ns")] [InlineData("nano")] [InlineData("nanos")] [InlineData("nanosecond")] [InlineData("nanoseconds")]
    public void Nanosecond_units(string unit) => Assert.Equal(TimeSpan.FromTicks(5), D("500" + unit));

    [Theory]
    [InlineData("us")] [InlineData("micro")] [InlineData("micros")] [InlineData("microsecond")] [InlineData("microseconds")]
    public void Microsecond_units(string unit) => Assert.Equal(TimeSpan.FromMicroseconds(7), D("7" + unit));

    [Theory]
    [InlineData("ms")] [InlineData("milli")] [InlineData("millis")] [InlineData("millisecond")] [InlineData("milliseconds")]
    public void Millisecond_units(string unit) => Assert.Equal(TimeSpan.FromMilliseconds(7), D("7" + unit));

    [Theory]
    [InlineData("s")] [InlineData("second")] [InlineData("seconds")]
    public void Second_units(string unit) => Assert.Equal(TimeSpan.FromSeconds(7), D("7" + unit));

    [Theory]
    [InlineData("m")] [InlineData("minute")] [InlineData("minutes")]
    public void Minute_units(string unit) => Assert.Equal(TimeSpan.FromMinutes(7), D("7" + unit));

    [Theory]
    [InlineData("h")] [InlineData("hour")] [InlineData("hours")]
    public void Hour_units(string unit) => Assert.Equal(TimeSpan.FromHours(7), D("7" + unit));

    [Theory]
    [InlineData("d")] [InlineData("day")] [InlineData("days")]
    public void Day_units(string unit) => Assert.Equal(TimeSpan.FromDays(7), D("7" + unit));

    [Theory]
    [InlineData("20 m")]
    [InlineData("20  minutes")]
    [InlineData("\"20 m\"")]
    [InlineData("\"20m\"")]
    [InlineData("20m")]
    public void Whitespace_between_number_and_unit_is_allowed(string value) => Assert.Equal(TimeSpan.FromMinutes(20), D(value));

    [Fact]
    public void Fractional_values_scale() => Assert.Equal(TimeSpan.FromMilliseconds(1500), D("1.5s"));

    [Fact]
    public void Infinite_is_the_infinite_timespan() => Assert.Equal(Timeout.InfiniteTimeSpan, D("infinite"));

    [Fact]
    public void Duration_from_substitution() => Assert.Equal(TimeSpan.FromSeconds(3), Conf.Parse("a = 3s\nd = ${a}").GetDuration("d"));

    [Theory]
    [InlineData("twenty")]
    [InlineData("20 parsecs")]
    [InlineData("5S")]
    [InlineData("5 M")]
    [InlineData("s")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("99999999999999d")]
    [InlineData("1 2 s")]
    public void Invalid_durations_are_errors(string value) => Assert.Throws<HoconException>(() => D(value));

    [Fact]
    public void Negative_duration_is_an_error() =>
        Assert.Contains("must not be negative", Assert.Throws<HoconException>(() => D("-5s")).Message, StringComparison.Ordinal);

    [Fact]
    public void Wrong_type_error_names_path_expectation_value_and_origin()
    {
        var config = HoconConfig.Load([HoconParser.Parse("actortrap.smtp {\n  hold = twenty\n}", "app.conf")], Conf.Env());
        var e = Assert.Throws<HoconException>(() => config.GetDuration("actortrap.smtp.hold"));
        Assert.Equal("actortrap.smtp.hold: expected a duration such as 20m or 500ms, got \"twenty\" (app.conf:2:10)", e.Message);
        Assert.Equal("actortrap.smtp.hold", e.Path);
    }

    [Fact]
    public void Unknown_unit_is_named_in_the_error() =>
        Assert.Contains("unknown duration unit 'parsecs'", Assert.Throws<HoconException>(() => D("5 parsecs")).Message, StringComparison.Ordinal);
}
