using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(TwoSiloStackCollection.Name)]
public sealed class ActivityStreamTests(TwoSiloStackFixture stack)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const string StreamPath = "/api/v1/admin/activities/stream";

    private async Task<(Guid Tenant, ApiClient Api, string Token)> TenantAsync()
    {
        var tenant = Guid.NewGuid();
        var token = stack.Token(tenant, "svc", "tenant:create", "user:*", "activity:*", "admin:read");
        var api = new ApiClient(stack.Http, token);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/tenants", new { id = tenant, name = "Live" })).Status);
        return (tenant, api, token);
    }

    private static async Task<Guid> UserAsync(ApiClient api)
    {
        var (status, user) = await api.PostAsync("/api/v1/users", new { email = $"live.{Guid.NewGuid():N}@example.com", name = "Live", auto_activate = true });
        Assert.Equal(HttpStatusCode.Created, status);
        return user.GetProperty("id").GetGuid();
    }

    /// <summary>Two users of the tenant whose grains live on different silos (the second moved if placement put both on one).</summary>
    private async Task<(Guid OnFirst, Guid OnSecond)> UserOnEachSiloAsync(ApiClient api)
    {
        var client = stack.Silo.App.Services.GetRequiredService<IClusterClient>();
        var management = client.GetGrain<IManagementGrain>(0);
        var first = await UserAsync(api);
        var second = await UserAsync(api);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        Assert.Equal(2, silos.Length);

        async Task<SiloAddress?> HostOf(Guid user) =>
            (await management.GetDetailedGrainStatistics()).FirstOrDefault(s => s.GrainId == client.GetGrain<IUserGrain>(user).GetGrainId())?.SiloAddress;

        var firstHost = await HostOf(first) ?? throw new InvalidOperationException("The first user's grain is not active.");
        if (await HostOf(second) == firstHost)
        {
            var target = silos.Single(s => !s.Equals(firstHost));
            RequestContext.Set(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey, target);
            try
            {
                await client.GetGrain<IUserGrain>(second).AsReference<Orleans.Core.Internal.IGrainManagementExtension>().MigrateOnIdle();
            }
            finally
            {
                RequestContext.Clear();
            }

            await Eventually.MatchAsync(() => HostOf(second), host => host is not null && host.Equals(target), Wait, "the second user's grain on the other silo");
        }

        return (first, second);
    }

    /// <summary>Posts probes for each user until the stream carries one of each: the silos have seen the watch.</summary>
    private static async Task WarmUpAsync(ApiClient api, SseClient stream, params Guid[] users)
    {
        var seen = new HashSet<Guid>();
        var deadline = DateTime.UtcNow + Wait;
        while (seen.Count < users.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "The stream never carried the warm-up activities.");
            foreach (var user in users.Where(u => !seen.Contains(u)))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "warm_up", ack = "buffered" })).Status);
            }

            try
            {
                while (true)
                {
                    var e = await stream.NextOfAsync("activity", TimeSpan.FromMilliseconds(500), "warm-up");
                    seen.Add(JsonDocument.Parse(e.Data).RootElement.GetProperty("user_id").GetGuid());
                    if (seen.Count == users.Length)
                    {
                        break;
                    }
                }
            }
            catch (TimeoutException)
            {
            }
        }
    }

    [Fact]
    public async Task Activities_accepted_on_both_silos_reach_one_subscriber_in_each_users_order()
    {
        var (_, api, token) = await TenantAsync();
        var (first, second) = await UserOnEachSiloAsync(api);
        var (opened, stream) = await SseClient.OpenAsync(stack.Http, StreamPath, token);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("text/event-stream", opened.Content.Headers.ContentType?.MediaType);
        await using var _ = stream!;
        await WarmUpAsync(api, stream!, first, second);

        const int PerUser = 25;
        await Task.WhenAll(new[] { first, second }.Select(async user =>
        {
            for (var i = 0; i < PerUser; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = $"seq-{i}", ack = "buffered" })).Status);
            }
        }));

        var received = new Dictionary<Guid, List<string>> { [first] = [], [second] = [] };
        while (received.Values.Sum(l => l.Count) < 2 * PerUser)
        {
            var e = await stream!.NextOfAsync("activity", Wait, $"{2 * PerUser} activities (have {received.Values.Sum(l => l.Count)})");
            var item = JsonDocument.Parse(e.Data).RootElement;
            if (item.GetProperty("activity_type").GetString() != "case_view")
            {
                continue;
            }

            Assert.Equal(item.GetProperty("id").GetString(), e.Id);
            received[item.GetProperty("user_id").GetGuid()].Add(item.GetProperty("resource_id").GetString()!);
        }

        var expected = Enumerable.Range(0, PerUser).Select(i => $"seq-{i}").ToList();
        Assert.Equal(expected, received[first]);
        Assert.Equal(expected, received[second]);
    }

    [Fact]
    public async Task Filters_by_user_and_type_and_never_carry_another_tenants_activities()
    {
        var (_, api, token) = await TenantAsync();
        var user = await UserAsync(api);
        var other = await UserAsync(api);
        var (_, otherApi, otherToken) = await TenantAsync();
        var stranger = await UserAsync(otherApi);

        var (_, mine) = await SseClient.OpenAsync(stack.Http, $"{StreamPath}?user_id={user}&activity_type=case_view", token);
        var (_, theirs) = await SseClient.OpenAsync(stack.Http, StreamPath, otherToken);
        await using var a = mine!;
        await using var b = theirs!;
        // Warm up both through the unfiltered stream of the other tenant and a matching event here.
        await WarmUpAsync(otherApi, theirs!, stranger);
        var deadline = DateTime.UtcNow + Wait;
        SseEvent? first = null;
        while (first is null)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = "probe", ack = "buffered" });
            try
            {
                first = await mine!.NextOfAsync("activity", TimeSpan.FromMilliseconds(500), "probe");
            }
            catch (TimeoutException)
            {
            }
        }

        await api.PostAsync("/api/v1/activities", new { user_id = other, activity_type = "case_view", resource_id = "other-user" });
        await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login", resource_id = "other-type" });
        await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = "last" });

        SseEvent next;
        do
        {
            next = await mine!.NextOfAsync("activity", Wait, "the matching activity");
        }
        while (JsonDocument.Parse(next.Data).RootElement.GetProperty("resource_id").GetString() == "probe");

        Assert.Equal("last", JsonDocument.Parse(next.Data).RootElement.GetProperty("resource_id").GetString());
        // The other tenant's stream saw only its own.
        await Task.Delay(300);
        while (true)
        {
            try
            {
                var e = await theirs!.NextOfAsync("activity", TimeSpan.FromMilliseconds(200), "nothing more");
                Assert.Equal(stranger, JsonDocument.Parse(e.Data).RootElement.GetProperty("user_id").GetGuid());
            }
            catch (TimeoutException)
            {
                break;
            }
        }
    }

    [Fact]
    public async Task A_client_reconnecting_with_last_event_id_gets_what_it_missed()
    {
        var (_, api, token) = await TenantAsync();
        var user = await UserAsync(api);
        var (_, stream) = await SseClient.OpenAsync(stack.Http, StreamPath, token);
        SseEvent last;
        await using (stream)
        {
            await WarmUpAsync(api, stream!, user);
            await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = "seen" });
            last = await stream!.NextOfAsync("activity", Wait, "the seen activity");
        }

        // Missed while disconnected.
        for (var i = 0; i < 3; i++)
        {
            await api.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "case_view", resource_id = $"missed-{i}", ack = "durable" });
        }

        // The reconnect lands on another gateway (as behind a load balancer): only the Redis stream knows what was missed.
        var (gateway, http) = await stack.StartGatewayAsync([]);
        var (_, probe) = await SseClient.OpenAsync(http, StreamPath, token, last.Id);
        await using (probe)
        await using (gateway)
        {
            var replayed = new List<string>();
            while (replayed.Count < 3)
            {
                var e = await probe!.NextOfAsync("activity", Wait, "the missed activities");
                replayed.Add(JsonDocument.Parse(e.Data).RootElement.GetProperty("resource_id").GetString()!);
            }

            Assert.Equal(["missed-0", "missed-1", "missed-2"], replayed);
        }
    }

    [Fact]
    public async Task Details_sent_with_line_breaks_arrive_as_one_line_of_json()
    {
        var (_, api, token) = await TenantAsync();
        var user = await UserAsync(api);
        var (_, stream) = await SseClient.OpenAsync(stack.Http, $"{StreamPath}?activity_type=document_review", token);
        await using var _ = stream!;
        var pretty = $"{{\n  \"user_id\": \"{user}\",\n  \"activity_type\": \"document_review\",\n  \"details\": {{\n    \"note\": \"a\\nb\",\n    \"pages\": 3\n  }}\n}}";
        SseEvent? e = null;
        var deadline = DateTime.UtcNow + Wait;
        while (e is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stream never carried the activity");
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("/api/v1/activities", pretty)).Status);
            try
            {
                e = await stream!.NextOfAsync("activity", TimeSpan.FromMilliseconds(500), "the pretty-printed activity");
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.DoesNotContain('\n', e.Data);
        var details = JsonDocument.Parse(e.Data).RootElement.GetProperty("details");
        Assert.Equal("a\nb", details.GetProperty("note").GetString());
        Assert.Equal(3, details.GetProperty("pages").GetInt32());
    }

    [Fact]
    public async Task Erasing_a_user_removes_their_entries_from_the_live_stream()
    {
        var (tenant, api, token) = await TenantAsync();
        var user = await UserAsync(api);
        var (_, stream) = await SseClient.OpenAsync(stack.Http, StreamPath, token);
        await using (stream)
        {
            await WarmUpAsync(api, stream!, user);
        }

        var key = Lyss.UserGrains.Activities.LiveFeed.StreamKey(stack.ClusterId, tenant);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        Assert.NotEmpty(await redis.GetDatabase().StreamRangeAsync(key));
        var (status, receipt) = await api.SendAsync(HttpMethod.Delete, $"/api/v1/users/{user}?delete_type=hard");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(receipt.GetProperty("stores").EnumerateArray(), s => s.GetProperty("store").GetString() == "live activity streams" && s.GetProperty("count").GetInt64() >= 1);
        Assert.DoesNotContain(await redis.GetDatabase().StreamRangeAsync(key), e => e[Lyss.UserGrains.Activities.LiveFeed.UserField] == user.ToString());
    }

    [Fact]
    public async Task A_bad_type_filter_is_400_naming_it_and_a_member_without_admin_read_is_403()
    {
        var (tenant, _, token) = await TenantAsync();
        var (bad, _) = await SseClient.OpenAsync(stack.Http, $"{StreamPath}?activity_type=Bad Type", token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("activity_type", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (denied, _) = await SseClient.OpenAsync(stack.Http, StreamPath, stack.Token(tenant, "svc", "activity:read"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
