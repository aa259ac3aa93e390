using ActorTrap.ClusterBench;

// Issue 14's cluster benchmarks (docs/benchmarks.md, "Issue 14: the Akka cluster"):
//   ActorTrap.ClusterBench sharding [--runs 3] [--nodes 3] [--verdicts 300000] [--addresses 20000,200000] [--window 50000]
//                                   [--warmup 10000] [--samples 250] [--fsync on|off] [--limit 600s] [--rate 0]
//                                   [--node-set "key=value;key=value"]
//   ActorTrap.ClusterBench recovery [--actortrap PATH] [--runs 3] [--victim chores|other] [--rate 500] [--warm 15s]
//                                   [--limit 180s] [--node-set "key=value;key=value"] [--keep DIR]
// Loopback only; needs PostgreSQL under /usr/lib/postgresql (initdb runs as user postgres when started as root).
try
{
    if (args.Length == 0)
    {
        throw new ArgumentException("missing mode: sharding or recovery");
    }

    var options = new BenchArgs(args[1..]);
    return args[0] switch
    {
        "sharding" => await ShardingBench.RunAsync(options),
        "recovery" => await RecoveryBench.RunAsync(options),
        _ => throw new ArgumentException($"unknown mode {args[0]}; use sharding or recovery"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"ActorTrap.ClusterBench: {e.Message}");
    return 2;
}
