using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Load;

/// <summary>
/// A week of realistic activity tracked through the service (so the pipeline keeps sessions,
/// rollups and usage as in production): each user chats in sessions on most days, calls
/// models, uses features and logs in; one user fails logins in a row and one bursts, so the
/// alert rules have something to find. Occurrence times spread over the last seven days.
/// </summary>
public sealed class WeekOfActivity(IClusterClient grains, int users, int perDay)
{
    private static readonly string[] Models = ["gpt-4o", "claude-3", "qwen-max", "deepseek-v3"];
    private static readonly string[] Features = ["export", "search", "translate", "summarize", "voice"];
    private static readonly string[] Topics = ["billing", "legal", "code", "travel", "hr"];

    public async Task RunAsync()
    {
        var (tenant, ids) = await BenchUsers.CreateAsync(grains, users);
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        long tracked = 0;
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
        {
            var random = new Random(u);
            var user = grains.GetGrain<IUserGrain>(ids[u]);
            for (var day = 6; day >= 0; day--)
            {
                if (random.NextDouble() < 0.2)
                {
                    continue;
                }

                var batch = new List<TrackActivity>();
                // Work hours in UTC+8, a session or two a day, a few minutes between messages.
                var at = today.AddDays(-day).AddHours(1 + random.Next(8)).AddMinutes(random.Next(60));
                if (at > DateTimeOffset.UtcNow)
                {
                    at = DateTimeOffset.UtcNow.AddHours(-1);
                }

                batch.Add(new TrackActivity { ActivityType = "login", OccurredAt = at, Details = """{"success":true}""", IpAddress = $"198.51.100.{u % 250}", UserAgent = "week/1.0" });
                var model = Models[(u + random.Next(2)) % Models.Length];
                for (var i = 0; i < perDay; i++)
                {
                    at = at.AddMinutes(random.Next(1, i % 10 == 9 ? 90 : 6));
                    if (at > DateTimeOffset.UtcNow)
                    {
                        break;
                    }

                    var roll = random.Next(10);
                    batch.Add(roll switch
                    {
                        < 6 => new TrackActivity { ActivityType = "chat_message", ResourceType = "conversation", ResourceId = $"conv-{day}", OccurredAt = at, Details = $$"""{"model":"{{model}}","topic":"{{Topics[(u + day) % Topics.Length]}}"}""" },
                        < 8 => new TrackActivity { ActivityType = "model_usage", ResourceType = "model", ResourceId = model, OccurredAt = at, Details = $$"""{"model":"{{model}}","tokens":{{200 + random.Next(2000)}},"cost":0.0{{random.Next(10, 99)}}}""" },
                        < 9 => new TrackActivity { ActivityType = "feature_usage", ResourceType = "feature", ResourceId = Features[(u + random.Next(3)) % Features.Length], OccurredAt = at },
                        _ => new TrackActivity { ActivityType = "case_view", ResourceType = "case", ResourceId = $"case-{random.Next(100)}", OccurredAt = at },
                    });
                }

                await user.TrackBatchAsync(batch, tenant, AckMode.Durable);
                Interlocked.Add(ref tracked, batch.Count);
            }
        });

        // Something for the alert rules: five failed logins in a row, and a burst of 60 actions.
        var suspicious = grains.GetGrain<IUserGrain>(ids[0]);
        for (var i = 0; i < 5; i++)
        {
            await suspicious.TrackAsync(new TrackActivity { ActivityType = "login", Details = """{"success":false}""", IpAddress = "203.0.113.9", UserAgent = "unknown/0.1" }, tenant);
        }

        await grains.GetGrain<IUserGrain>(ids[1]).TrackBatchAsync(
            [.. Enumerable.Range(0, 60).Select(i => new TrackActivity { ActivityType = "case_view", ResourceType = "case", ResourceId = $"burst-{i}" })], tenant, AckMode.Durable);
        // What the tenant's daily sweep does: score every member, so insights rank users among colleagues.
        await grains.GetGrain<Lyss.UserGrains.Tenants.ITenantGrain>(tenant).ScoreMembersAsync();
        Console.WriteLine($"week of activity: tenant {tenant}, {ids.Length} users, {tracked + 65:N0} activities tracked");
        Console.WriteLine($"tenant={tenant}");
        Console.WriteLine($"user={ids[2]}");
        Console.WriteLine($"locked_user={ids[0]}");
        Console.WriteLine($"burst_user={ids[1]}");
    }
}
