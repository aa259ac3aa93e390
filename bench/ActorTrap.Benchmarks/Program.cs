// "dnsbl-serve" and "dnsbl-zone" run the DNSBL responder for bench/dnsbl-dnsperf.sh; anything else is BenchmarkDotNet.
if (ActorTrap.Benchmarks.Dnsbl.DnsblPeerCommand.TryRun(args, out var exitCode))
{
    return exitCode;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(ActorTrap.Benchmarks.Dnsbl.DnsblPeerCommand).Assembly).Run(args);
return 0;
