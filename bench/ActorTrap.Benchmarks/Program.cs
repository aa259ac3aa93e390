using ActorTrap.Benchmarks.Dns;

// `dns-load` is a load run against a real rbldnsd (see RbldnsdLoad); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "dns-load")
{
    return await RbldnsdLoad.RunAsync(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(RbldnsdLoad).Assembly).Run(args);
return 0;
