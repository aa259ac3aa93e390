using ActorTrap.Benchmarks.Dns;

// Console modes: `dns-load` (a load run against a real rbldnsd), `codec-cpu` (CPU time per parse), and
// "dnsbl-serve"/"dnsbl-zone" (the DNSBL responder for bench/dnsbl-dnsperf.sh); everything else is BenchmarkDotNet.
// "reputation" runs the reputation store and cluster measurements (they need real databases).
if (args.Length > 0 && args[0] == "reputation")
{
    return await ActorTrap.Benchmarks.Reputation.ReputationBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "dns-load")
{
    return await RbldnsdLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "codec-cpu")
{
    return CodecCpuTime.Run(args[1..]);
}

if (ActorTrap.Benchmarks.Dnsbl.DnsblPeerCommand.TryRun(args, out var exitCode))
{
    return exitCode;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(RbldnsdLoad).Assembly).Run(args);
return 0;
