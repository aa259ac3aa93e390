using ActorTrap.Benchmarks.Dns;

// `dns-load` (a load run against a real rbldnsd) and `codec-cpu` (CPU time per parse) are console modes;
// everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "dns-load")
{
    return await RbldnsdLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "codec-cpu")
{
    return CodecCpuTime.Run(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(RbldnsdLoad).Assembly).Run(args);
return 0;
