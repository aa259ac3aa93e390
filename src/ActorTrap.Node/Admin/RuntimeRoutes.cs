using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>
/// <c>GET /api/runtime[?collect=true]</c>: the process's memory (RSS, managed heap, GC committed) and threads, for
/// operators and for the memory-per-session benchmarks. <c>collect=true</c> runs a full blocking collection first:
/// for measuring, not for routine use.
/// </summary>
internal sealed class RuntimeRoutes : IAdminRoutes
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/runtime", (bool? collect) =>
        {
            if (collect == true)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var gc = GC.GetGCMemoryInfo();
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                rssBytes = self.WorkingSet64,
                managedHeapBytes = gc.HeapSizeBytes,
                managedLiveBytes = GC.GetTotalMemory(false),
                fragmentedBytes = gc.FragmentedBytes,
                committedBytes = gc.TotalCommittedBytes,
                gen0Collections = GC.CollectionCount(0),
                gen2Collections = GC.CollectionCount(2),
                threads = self.Threads.Count,
                threadPoolThreads = ThreadPool.ThreadCount,
                uptimeSeconds = (DateTime.UtcNow - self.StartTime.ToUniversalTime()).TotalSeconds,
            });
        });
    }
}
