using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Load;

/// <summary>A fresh tenant with active users, made through the grains as a real caller would.</summary>
public static class BenchUsers
{
    public static async Task<(Guid Tenant, Guid[] Users)> CreateAsync(IGrainFactory grains, int count, int concurrency = 16)
    {
        var tenant = Guid.NewGuid();
        var actor = new ActorContext { Actor = "load-tool", TenantId = tenant };
        await grains.GetGrain<ITenantGrain>(tenant).CreateAsync(new CreateTenantCommand { Name = "Load " + tenant.ToString("N")[..6], AutoActivateUsers = true }, actor);
        var users = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var result = await grains.GetGrain<IUserGrain>(Guid.CreateVersion7()).RegisterAsync(
                new RegisterUserCommand { Email = $"load{i}.{tenant:N}@bench.example", Name = $"Load User {i}" }, actor);
            users[i] = result.User.Id;
        });
        return (tenant, users);
    }

    /// <summary>Activities of five types, as the memory target describes.</summary>
    public static IReadOnlyList<TrackActivity> Activities(int count, int offset = 0)
    {
        string[] types = ["case_view", "case_update", "document_review", "chat_message", "feature_usage"];
        string[] features = ["export", "search", "translate", "summarize", "voice"];
        return [.. Enumerable.Range(offset, count).Select(i => new TrackActivity
        {
            ActivityType = types[i % types.Length],
            // A feature_usage names one of a few features, as a product has; the rest act on cases.
            ResourceType = types[i % types.Length] == "feature_usage" ? "feature" : "case",
            ResourceId = types[i % types.Length] == "feature_usage" ? features[i / types.Length % features.Length] : $"case-{i}",
            Details = """{"source":"load"}""",
            IpAddress = "198.51.100.10",
            UserAgent = "lyss-load/1.0",
        })];
    }
}
