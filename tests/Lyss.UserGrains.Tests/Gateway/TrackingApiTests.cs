using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>Write keys and what a key's holder can and cannot do; visitors, external ids and the link race.</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class TrackingApiTests(LiveStackFixture stack)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_write_key_is_shown_once_listed_without_its_secret_in_the_trail_and_refused_once_revoked()
    {
        var (tenant, owner) = await NewTenantAsync();
        var (status, issued) = await owner.PostAsync($"/api/v1/tenants/{tenant}/write-keys", new { name = "web app" });
        Assert.Equal(HttpStatusCode.Created, status);
        var key = issued.GetProperty("key").GetString()!;
        Assert.StartsWith(issued.GetProperty("prefix").GetString()!, key);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsync($"/api/v1/tenants/{tenant}/write-keys", new { name = "" })).Status);

        var (_, list) = await owner.GetAsync($"/api/v1/tenants/{tenant}/write-keys");
        var listed = Assert.Single(list.GetProperty("write_keys").EnumerateArray());
        Assert.DoesNotContain(key, list.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("last_used_at").ValueKind);

        var user = await RegisterAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/track", new { userId = user, @event = "Login" })).Status);
        var (_, used) = await owner.GetAsync($"/api/v1/tenants/{tenant}/write-keys");
        Assert.NotEqual(JsonValueKind.Null, used.GetProperty("write_keys")[0].GetProperty("last_used_at").ValueKind);

        // Not a token: a write key opens no REST route.
        var rest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
        rest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stack.Http.SendAsync(rest)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/write-keys/{issued.GetProperty("id").GetString()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/write-keys/{issued.GetProperty("id").GetString()}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SegmentAsync(key, "/v1/track", new { userId = user, @event = "Login" })).Status);

        var (_, trail) = await owner.GetAsync($"/api/v1/tenants/{tenant}/events");
        Assert.Equal(["write_key_revoked", "write_key_created"], trail.GetProperty("events").EnumerateArray().Take(2).Select(e => e.GetProperty("event_type").GetString()));
        Assert.DoesNotContain(key, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_one_tenant_never_reaches_another_tenants_user()
    {
        var (tenantA, ownerA) = await NewTenantAsync();
        var (_, ownerB) = await NewTenantAsync();
        var victim = await RegisterAsync(ownerB);
        var keyA = await WriteKeyAsync(ownerA, tenantA);

        // Tenant A's key names B's user by id: it is A's visitor with that name, B sees nothing.
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(keyA, "/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "track", userId = victim.ToString(), @event = "Login", context = new { ip = "192.0.2.66" } },
                new { type = "identify", userId = victim.ToString(), anonymousId = "anon-x", traits = new { email = "attacker@example.com" } },
            },
        })).Status);
        var visitor = await Eventually.MatchAsync(
            async () => (await ownerA.GetAsync($"/api/v1/admin/user-activities/visitor/{victim}")).Body,
            v => v.GetProperty("total").GetInt32() == 1, Wait, "A's visitor named by B's user id");
        Assert.Equal(JsonValueKind.Null, visitor.GetProperty("linked_user_id").ValueKind);
        // The identify stays with its anonymous visitor, linked to nobody: B's user is no member of A.
        var anonymous = await Eventually.MatchAsync(
            async () => (await ownerA.GetAsync("/api/v1/admin/user-activities/visitor/anon-x")).Body,
            v => v.GetProperty("total").GetInt32() == 1, Wait, "A's anonymous visitor");
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("linked_user_id").ValueKind);
        var (_, rows) = await ownerB.GetAsync($"/api/v1/admin/user-activities/user/{victim}");
        Assert.Equal(0, rows.GetProperty("total").GetInt32());
        var (_, user) = await ownerB.GetAsync($"/api/v1/users/{victim}");
        Assert.NotEqual("attacker@example.com", user.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ownerA.GetAsync($"/api/v1/users/{victim}")).Status);
    }

    [Fact]
    public async Task External_ids_are_unique_per_tenant_and_name_the_member_in_tracking()
    {
        var (tenant, owner) = await NewTenantAsync();
        var (first, second) = (await RegisterAsync(owner), await RegisterAsync(owner));
        var (status, membership) = await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{first}", new { external_id = "emp-001" });
        Assert.True(status == HttpStatusCode.OK, membership.ToString());
        Assert.Equal("emp-001", membership.GetProperty("external_id").GetString());
        var (taken, problem) = await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{second}", new { external_id = "emp-001", role = "viewer" });
        Assert.Equal((HttpStatusCode.Conflict, "external_id_taken"), (taken, problem.GetProperty("code").GetString()));
        Assert.Equal("member", (await owner.GetAsync($"/api/v1/users/{second}")).Body.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{second}", new { external_id = " padded" })).Status);

        var key = await WriteKeyAsync(owner, tenant);
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/track", new { userId = "emp-001", @event = "Case View" })).Status);
        await Eventually.MatchAsync(async () => (await owner.GetAsync($"/api/v1/admin/user-activities/user/{first}")).Body.GetProperty("total").GetInt32(), n => n == 1, Wait, "the member's activity");

        // Cleared, the id is free again and names nobody: the next event is a visitor's.
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{first}", new { external_id = "" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{second}", new { external_id = "emp-001" })).Status);
    }

    [Fact]
    public async Task Visitors_count_in_activity_statistics_not_in_active_users_and_two_racing_identifies_move_the_history_once()
    {
        var (tenant, owner) = await NewTenantAsync();
        var user = await RegisterAsync(owner);
        var key = await WriteKeyAsync(owner, tenant);
        var anon = "anon-" + Guid.NewGuid().ToString("N");
        var events = Enumerable.Range(0, 20).Select(i => new { type = "track", anonymousId = anon, @event = "Browse", messageId = $"{anon}-{i}" }).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/batch", new { batch = events })).Status);
        await Eventually.MatchAsync(async () => (await owner.GetAsync($"/api/v1/admin/user-activities/visitor/{anon}")).Body.GetProperty("total").GetInt32(), n => n == 20, Wait, "the visitor's rows");

        var (_, active) = await owner.GetAsync("/api/v1/admin/analytics/active-users");
        Assert.Equal(0, active.GetProperty("dau").GetInt32());
        var (_, statistics) = await owner.GetAsync("/api/v1/admin/user-activities/statistics?days=1");
        // The visitor's rows are the tenant's activity: all 20 of them, by one active visitor.
        Assert.Equal((20, 1), (statistics.GetProperty("total_activities").GetInt32(), statistics.GetProperty("active_users").GetInt32()));

        // Two identifies at once (two gateways' worth of requests): the history moves exactly once.
        var identify = new { userId = user.ToString(), anonymousId = anon };
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SegmentAsync(key, "/v1/identify", identify)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var rows = await Eventually.MatchAsync(async () => (await owner.GetAsync($"/api/v1/admin/user-activities/user/{user}?limit=100")).Body,
            b => b.GetProperty("total").GetInt32() == 24, Wait, "20 moved rows and 4 identifies");
        Assert.Equal(20, rows.GetProperty("activities").EnumerateArray().Count(a => a.GetProperty("activity_type").GetString() == "browse"));
        var (_, summary) = await owner.GetAsync($"/api/v1/users/{user}/activity-summary?days=1");
        Assert.Equal(24, summary.GetProperty("basic_stats").GetProperty("total_activities").GetInt32());

        // The visitor's message ids are the user's now: a resend is a duplicate, not a 21st row.
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/batch", new { batch = events })).Status);
        await Task.Delay(1000);
        Assert.Equal(24, (await owner.GetAsync($"/api/v1/admin/user-activities/user/{user}?limit=100")).Body.GetProperty("total").GetInt32());
        Assert.Equal(1, (await owner.GetAsync("/api/v1/admin/analytics/active-users")).Body.GetProperty("dau").GetInt32());
    }

    [Fact]
    public async Task Guessing_write_keys_from_one_address_is_cut_off_with_429()
    {
        var address = $"198.18.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 32; i++)
        {
            var guess = "lyss_wk_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            statuses.Add((await SegmentAsync(guess, "/v1/track", new { userId = "u", @event = "E" }, address)).Status);
        }

        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        // Another address is not affected, and a key the gateway knows still works from the throttled one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SegmentAsync("lyss_wk_" + new string('x', 43), "/v1/track", new { userId = "u", @event = "E" }, "198.19.0.1")).Status);
        var (tenant, owner) = await NewTenantAsync();
        var key = await WriteKeyAsync(owner, tenant);
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/track", new { userId = "u", @event = "E" }, "198.19.0.2")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SegmentAsync(key, "/v1/track", new { userId = "u", @event = "E" }, address)).Status);
    }

    private async Task<(Guid Tenant, ApiClient Owner)> NewTenantAsync()
    {
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "tracking-owner", "tenant:create", "tenant:manage", "user:*", "admin:read", "activity:*"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "Tracking Co", auto_activate_users = true })).Status);
        return (tenant, owner);
    }

    private static async Task<Guid> RegisterAsync(ApiClient owner)
    {
        var (status, body) = await owner.PostAsync("/api/v1/users", new { email = $"t.{Guid.NewGuid():N}@example.com", name = "Tracked Person" });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    private static async Task<string> WriteKeyAsync(ApiClient owner, Guid tenant) =>
        (await owner.PostAsync($"/api/v1/tenants/{tenant}/write-keys", new { name = "test" })).Body.GetProperty("key").GetString()!;

    private async Task<(HttpStatusCode Status, string Body)> SegmentAsync(string key, string path, object body, string? clientAddress = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (clientAddress is not null)
        {
            // The fixture trusts 127.0.0.1 as a proxy: each test's calls come from an address of its own.
            request.Headers.Add("X-Forwarded-For", clientAddress);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        using var response = await stack.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
