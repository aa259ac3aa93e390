// "reputation" runs the reputation store and cluster measurements (a console mode: they need real databases
// and wall-clock latencies, which BenchmarkDotNet's harness does not fit); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "reputation")
{
    return await ActorTrap.Benchmarks.Reputation.ReputationBench.RunAsync(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
