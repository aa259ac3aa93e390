using System.Globalization;
using ActorTrap.LoadGen;

// actortrap-loadgen hold --target 127.0.0.1:2525 --connections 18000 --sources 127.1.0.0/16 --duration 60s --pid 1234
// actortrap-loadgen rate --target 127.0.0.1:2525 --duration 10s --concurrency 200 --sources 127.2.0.0/24 --pid 1234
// Every run is bounded by --duration (default 30 s) and only ever connects to loopback addresses.
try
{
    var options = LoadOptions.Parse(args);
    return options.Mode switch
    {
        "hold" => await HoldLoad.RunAsync(options),
        "rate" => await RateLoad.RunAsync(options),
        _ => throw new ArgumentException($"unknown mode {options.Mode}; use hold or rate"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"actortrap-loadgen: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}
