using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class TenantSettingsApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task A_merge_patch_changes_the_settings_null_restores_defaults_and_the_trail_records_it()
    {
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "owner-svc", "tenant:create", "tenant:manage", "user:*", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "Settings Co" })).Status);
        var (_, before) = await owner.GetAsync($"/api/v1/tenants/{tenant}");
        Assert.Equal(("UTC", "zh-CN", false), (before.GetProperty("timezone").GetString(), before.GetProperty("language").GetString(), before.GetProperty("auto_activate_users").GetBoolean()));

        var (status, patched) = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new
        {
            name = "Settings Company",
            auto_activate_users = true,
            default_role = "viewer",
            seat_limit = 50,
            allowed_email_domains = new[] { "@Example.COM", "example.org" },
            dormancy_days = 30,
            deactivate_dormant_users = true,
            timezone = "Asia/Shanghai",
            language = "en",
        });
        Assert.True(status == HttpStatusCode.OK, patched.ToString());
        var (_, read) = await owner.GetAsync($"/api/v1/tenants/{tenant}");
        Assert.Equal("Settings Company", read.GetProperty("name").GetString());
        Assert.True(read.GetProperty("auto_activate_users").GetBoolean());
        Assert.Equal("viewer", read.GetProperty("default_role").GetString());
        Assert.Equal(50, read.GetProperty("seat_limit").GetInt32());
        Assert.Equal(["example.com", "example.org"], read.GetProperty("allowed_email_domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal((30, true), (read.GetProperty("dormancy_days").GetInt32(), read.GetProperty("deactivate_dormant_users").GetBoolean()));
        Assert.Equal(("Asia/Shanghai", "en"), (read.GetProperty("timezone").GetString(), read.GetProperty("language").GetString()));

        // The new settings act: auto-activation and the default role apply to the next registration.
        var (_, user) = await owner.PostAsync("/api/v1/users", new { email = $"p.{Guid.NewGuid():N}@example.com", name = "Patched In" });
        Assert.Equal(("active", "viewer"), (user.GetProperty("status").GetString(), user.GetProperty("role").GetString()));

        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/users", new { email = $"q.{Guid.NewGuid():N}@example.org", name = "Second" })).Status);

        // null restores a default; fields not sent stay.
        var (_, cleared) = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new Dictionary<string, object?> { ["seat_limit"] = null, ["timezone"] = null });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("seat_limit").ValueKind);
        Assert.Equal(("UTC", "en"), (cleared.GetProperty("timezone").GetString(), cleared.GetProperty("language").GetString()));

        // Every bad field named at once, nothing applied; a seat limit below the members is a conflict.
        var (bad, problem) = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { name = "X", timezone = "Mars/Olympus", default_role = "nobody", colour = "blue", language = "en" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["colour", "default_role", "name", "timezone"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Settings Company", (await owner.GetAsync($"/api/v1/tenants/{tenant}")).Body.GetProperty("name").GetString());
        var (conflict, seats) = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { seat_limit = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, conflict);
        // Two members now: a limit of one would leave one without a seat.
        var (below, belowProblem) = await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { seat_limit = 1 });
        Assert.True(below == HttpStatusCode.Conflict, belowProblem.ToString());
        Assert.Equal("seat_limit_below_members", belowProblem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new[] { 1, 2 })).Status);

        // The default role is granted to every newcomer: tenant:manage alone cannot make it one with admin:read.
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/auditor", new { permissions = new[] { "admin:read" } })).Status);
        var (escalation, escalationProblem) = await new ApiClient(stack.Http, stack.Token(tenant, "manager-svc", "tenant:manage")).SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { default_role = "auditor" });
        Assert.Equal(HttpStatusCode.Forbidden, escalation);
        Assert.Equal("grant_exceeds_caller", escalationProblem.GetProperty("code").GetString());
        Assert.Equal("viewer", (await owner.GetAsync($"/api/v1/tenants/{tenant}")).Body.GetProperty("default_role").GetString());

        // Only tenant:manage of this tenant.
        Assert.Equal(HttpStatusCode.Forbidden, (await new ApiClient(stack.Http, stack.Token(tenant, "admin-svc", "user:*", "admin:read")).SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { language = "fr" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other", "tenant:manage", "admin:read")).SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { language = "fr" })).Status);

        // The trail: creation and the two changes that applied, newest first, each with what changed and who.
        var (_, trail) = await owner.GetAsync($"/api/v1/tenants/{tenant}/events");
        var events = trail.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["tenant_settings_updated", "tenant_settings_updated", "tenant_created"], events.Select(e => e.GetProperty("event_type").GetString()));
        Assert.All(events, e => Assert.Equal("owner-svc", e.GetProperty("actor").GetString()));
        Assert.Equal(["seat_limit", "timezone"], events[0].GetProperty("event_data").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Asia/Shanghai", events[1].GetProperty("event_data").GetProperty("timezone").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other", "admin:read")).GetAsync($"/api/v1/tenants/{tenant}/events")).Status);
    }
}
