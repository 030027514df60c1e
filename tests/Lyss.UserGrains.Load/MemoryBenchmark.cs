using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;
using Orleans.Runtime;

namespace Lyss.UserGrains.Load;

/// <summary>
/// (d) Managed heap per active UserGrain: the silo's heap after a forced full GC, before and
/// after activating N users that each tracked 20 activities of 5 types today.
/// </summary>
public sealed class MemoryBenchmark(IClusterClient grains, Uri siloMetrics, int users)
{
    public async Task RunAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var empty = await HeapAsync(management, silos);
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, users, concurrency: 32);
        // Registration leaves the grains active; measure them bare first, then with activities.
        var bare = await HeapAsync(management, silos);
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            await grains.GetGrain<IUserGrain>(ids[i]).TrackBatchAsync(BenchUsers.Activities(20, i * 20), tenant, AckMode.Buffered));
        var tracked = await HeapAsync(management, silos);
        var activations = await management.GetTotalActivationCount();
        Console.WriteLine($"memory: {users} users, {activations} activations in the cluster");
        Console.WriteLine("| state | silo heap after full GC (MiB) |\n| --- | ---: |");
        Console.WriteLine($"| before the users (whatever the silo held already) | {empty / 1048576.0:F1} |");
        Console.WriteLine($"| {users} registered users, active | {bare / 1048576.0:F1} |");
        Console.WriteLine($"| same users after 20 activities of 5 types each | {tracked / 1048576.0:F1} |");
        Console.WriteLine($"counters and recent activities per user: {(tracked - bare) / (double)users:F0} bytes");
        Console.WriteLine($"everything per user (user grain, its email-index grain, counters, recent activities): {(tracked - empty) / (double)users:F0} bytes");
    }

    private async Task<long> HeapAsync(IManagementGrain management, SiloAddress[] silos)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        await management.ForceGarbageCollection(silos);
        using var metrics = new SiloMetrics(siloMetrics);
        return (long)await metrics.ReadAsync("dotnet_total_memory_bytes");
    }
}
