using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class UsersApiTests(LiveStackFixture stack)
{
    private ApiClient As(Guid tenant, string subject = "svc", params string[] permissions) =>
        new(stack.Http, stack.Token(tenant, subject, permissions));

    private ApiClient Admin(Guid tenant) => As(tenant, "tenant-admin", "user:*", "tenant:*", "activity:*");

    private async Task<Guid> NewTenantAsync(object? settings = null)
    {
        var id = Guid.NewGuid();
        var body = JsonSerializer.SerializeToElement(settings ?? new { });
        var merged = new Dictionary<string, object?> { ["id"] = id, ["name"] = "Tenant " + id.ToString("N")[..6] };
        foreach (var p in body.EnumerateObject())
        {
            merged[p.Name] = p.Value;
        }

        var (status, json) = await As(id, "ops", "tenant:create").PostAsync("/api/v1/tenants", merged);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(id, json.GetProperty("id").GetGuid());
        return id;
    }

    private async Task<JsonElement> CreateUserAsync(Guid tenant, string? email = null, bool autoActivate = false)
    {
        var (status, json) = await Admin(tenant).PostAsync("/api/v1/users", new
        {
            email = email ?? $"api.{Guid.NewGuid():N}@example.com",
            name = "Api User",
            auto_activate = autoActivate ? true : (bool?)null,
        });
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return json;
    }

    [Fact]
    public async Task Register_verify_update_deactivate_and_read_back_over_rest()
    {
        var tenant = await NewTenantAsync();
        var created = await CreateUserAsync(tenant);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.True(created.GetProperty("requires_verification").GetBoolean());
        var id = created.GetProperty("id").GetGuid();
        var token = created.GetProperty("verification").GetProperty("email_token").GetString();

        var anonymous = new ApiClient(stack.Http, null);
        var (verifyStatus, verified) = await anonymous.PostAsync($"/api/v1/users/{id}/verify-email", new { token });
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.Equal("active", verified.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync($"/api/v1/users/{id}/verify-email", new { token })).Status);

        var admin = Admin(tenant);
        var (putStatus, updated) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/users/{id}", new { name = "Renamed User", bio = "hello" });
        Assert.Equal(HttpStatusCode.OK, putStatus);
        Assert.Equal("Renamed User", updated.GetProperty("name").GetString());

        var (deactivateStatus, deactivated) = await admin.PostAsync($"/api/v1/users/{id}/deactivate", new { reason = "left" });
        Assert.Equal(HttpStatusCode.OK, deactivateStatus);
        Assert.Equal("inactive", deactivated.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/users/{id}/deactivate")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{id}/activate")).Status);

        var (_, read) = await admin.GetAsync($"/api/v1/users/{id}?include_profile=true&include_activity=true");
        Assert.Equal("Renamed User", read.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, read.GetProperty("profile").ValueKind);

        var (_, events) = await admin.GetAsync($"/api/v1/users/{id}/events");
        var types = events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event_type").GetString()).ToList();
        Assert.Equal(["user_activated", "user_deactivated", "user_updated", "user_activated", "email_verified", "user_created"], types);
    }

    [Fact]
    public async Task Fields_a_client_may_not_set_are_refused_naming_the_field()
    {
        var tenant = await NewTenantAsync();
        var id = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var admin = Admin(tenant);

        var (status, problem) = await admin.SendAsync(HttpMethod.Put, $"/api/v1/users/{id}", new { name = "Fine", status = "banned" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("status", out _), problem.ToString());

        var (createStatus, createProblem) = await admin.PostAsync("/api/v1/users", new { email = "x.y@example.com", name = "Some One", tenant_id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, createStatus);
        Assert.True(createProblem.GetProperty("errors").TryGetProperty("tenant_id", out _));

        var (_, user) = await admin.GetAsync($"/api/v1/users/{id}");
        Assert.Equal("active", user.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Validation_errors_name_every_bad_field()
    {
        var tenant = await NewTenantAsync();
        var (status, problem) = await Admin(tenant).PostAsync("/api/v1/users", new { email = "nope", name = "A", phone = "555" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["email", "name", "phone"], fields);

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).GetAsync("/api/v1/users?limit=101")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).GetAsync("/api/v1/users?sort_by=password")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).GetAsync("/api/v1/users?status=sleepy")).Status);
    }

    [Fact]
    public async Task Lists_filter_search_sort_and_page_within_the_tenant()
    {
        var tenant = await NewTenantAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await CreateUserAsync(tenant, $"{marker}.{i}@example.com", autoActivate: i % 2 == 0);
        }

        await CreateUserAsync(await NewTenantAsync(), $"{marker}.other@example.com");
        var admin = Admin(tenant);

        var (_, page) = await admin.GetAsync($"/api/v1/users?query={marker}&limit=2&sort_by=email&sort_order=asc");
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.True(page.GetProperty("has_more").GetBoolean());
        Assert.Equal([$"{marker}.0@example.com", $"{marker}.1@example.com"], page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToArray());

        var (_, last) = await admin.GetAsync($"/api/v1/users?query={marker}&limit=2&offset=4&sort_by=email&sort_order=asc");
        Assert.False(last.GetProperty("has_more").GetBoolean());

        var (_, pending) = await admin.GetAsync($"/api/v1/users?query={marker}&status=pending");
        Assert.Equal(2, pending.GetProperty("total").GetInt32());

        // Without a search, totals come from the trigger-kept counts: they follow every change.
        Assert.Equal(5, (await admin.GetAsync("/api/v1/users")).Body.GetProperty("total").GetInt32());
        var (_, active) = await admin.GetAsync("/api/v1/users?status=active&limit=100");
        Assert.Equal(3, active.GetProperty("total").GetInt32());
        var gone = active.GetProperty("users")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/users/{gone}")).Status);
        Assert.Equal(4, (await admin.GetAsync("/api/v1/users")).Body.GetProperty("total").GetInt32());
        Assert.Equal(2, (await admin.GetAsync("/api/v1/users?status=active")).Body.GetProperty("total").GetInt32());
        Assert.Equal(1, (await admin.GetAsync("/api/v1/users?status=deleted")).Body.GetProperty("total").GetInt32());
        Assert.DoesNotContain((await admin.GetAsync("/api/v1/users?limit=100")).Body.GetProperty("users").EnumerateArray(), u => u.GetProperty("id").GetGuid() == gone);

        var (_, members) = await admin.GetAsync($"/api/v1/tenants/{tenant}/members?limit=100");
        Assert.Equal(4, members.GetProperty("total").GetInt32());
        var member = members.GetProperty("members")[0];
        foreach (var field in new[] { "user_id", "email", "name", "role", "status", "joined_at", "invited_by" })
        {
            Assert.True(member.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_banned_user_is_refused_until_unbanned_and_unban_is_only_for_banned_users()
    {
        var tenant = await NewTenantAsync();
        var id = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var self = As(tenant, id.ToString());
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/users/{id}")).Status);
        var (notBanned, conflict) = await Admin(tenant).PostAsync($"/api/v1/users/{id}/unban");
        Assert.Equal(HttpStatusCode.Conflict, notBanned);
        Assert.Equal("illegal_transition", conflict.GetProperty("code").GetString());

        Assert.Equal("banned", (await Admin(tenant).PostAsync($"/api/v1/users/{id}/ban", new { reason = "spam" })).Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await self.GetAsync($"/api/v1/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(tenant, "reader", "user:read").PostAsync($"/api/v1/users/{id}/unban")).Status);

        var (status, unbanned) = await Admin(tenant).PostAsync($"/api/v1/users/{id}/unban", new { reason = "appeal granted" });
        Assert.True(status == HttpStatusCode.OK, unbanned.ToString());
        Assert.Equal("active", unbanned.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/users/{id}")).Status);
        var (_, events) = await Admin(tenant).GetAsync($"/api/v1/users/{id}/events");
        var unban = Assert.Single(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("event_type").GetString() == "user_unbanned");
        Assert.Equal("appeal granted", unban.GetProperty("event_data").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Admin(tenant).PostAsync($"/api/v1/users/{id}/unban")).Status);
    }

    [Fact]
    public async Task A_phone_is_verified_only_with_its_own_code_once()
    {
        var tenant = await NewTenantAsync();
        var (status, created) = await Admin(tenant).PostAsync("/api/v1/users", new { email = $"phone.{Guid.NewGuid():N}@example.com", name = "Phone User", phone = "+4915112345678" });
        Assert.True(status == HttpStatusCode.Created, created.ToString());
        var id = created.GetProperty("id").GetGuid();
        var code = created.GetProperty("verification").GetProperty("phone_token").GetString();
        Assert.False(string.IsNullOrEmpty(code));
        Assert.False(created.GetProperty("phone_verified").GetBoolean());

        var anonymous = new ApiClient(stack.Http, null);
        var (wrong, problem) = await anonymous.PostAsync($"/api/v1/users/{id}/verify-phone", new { token = code + "0" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong);
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        // The email's code does not verify the phone.
        var emailCode = created.GetProperty("verification").GetProperty("email_token").GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync($"/api/v1/users/{id}/verify-phone", new { token = emailCode })).Status);
        Assert.False((await Admin(tenant).GetAsync($"/api/v1/users/{id}")).Body.GetProperty("phone_verified").GetBoolean());

        var (ok, verified) = await anonymous.PostAsync($"/api/v1/users/{id}/verify-phone", new { token = code });
        Assert.True(ok == HttpStatusCode.OK, verified.ToString());
        Assert.True(verified.GetProperty("phone_verified").GetBoolean());
        Assert.False(verified.GetProperty("email_verified").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync($"/api/v1/users/{id}/verify-phone", new { token = code })).Status);
        Assert.True((await Admin(tenant).GetAsync($"/api/v1/users/{id}")).Body.GetProperty("phone_verified").GetBoolean());
    }

    [Fact]
    public async Task Another_tenant_gets_404_from_every_user_endpoint()
    {
        var home = await NewTenantAsync();
        var id = (await CreateUserAsync(home, autoActivate: true)).GetProperty("id").GetGuid();
        var stranger = As(Guid.NewGuid(), "other-admin", "user:*", "tenant:*", "activity:*", "admin:read", "team:manage", "invitation:create");
        var prefs = new { ui = new { theme = "dark" } };
        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/users/{id}", null),
            (HttpMethod.Put, $"/api/v1/users/{id}", new { name = "Hijacked" }),
            (HttpMethod.Delete, $"/api/v1/users/{id}?delete_type=hard", null),
            (HttpMethod.Post, $"/api/v1/users/{id}/activate", null),
            (HttpMethod.Post, $"/api/v1/users/{id}/deactivate", null),
            (HttpMethod.Post, $"/api/v1/users/{id}/lock", new { until = DateTimeOffset.UtcNow.AddHours(1) }),
            (HttpMethod.Post, $"/api/v1/users/{id}/unlock", null),
            (HttpMethod.Post, $"/api/v1/users/{id}/ban", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/events", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/presence", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/avatar", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/profile", null),
            (HttpMethod.Put, $"/api/v1/users/{id}/profile", new { location = "Elsewhere" }),
            (HttpMethod.Get, $"/api/v1/users/{id}/preferences", null),
            (HttpMethod.Put, $"/api/v1/users/{id}/preferences", prefs),
            (HttpMethod.Patch, $"/api/v1/users/{id}/preferences", prefs),
            (HttpMethod.Get, $"/api/v1/users/{id}/activity-summary", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/activities/export?format=json", null),
            (HttpMethod.Get, $"/api/v1/admin/user-activities/user/{id}", null),
            (HttpMethod.Get, $"/api/v1/admin/analytics/users/{id}/action-path", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/behavior", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/insights", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/recommendations", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/alerts", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/notifications", null),
            (HttpMethod.Post, $"/api/v1/users/{id}/notifications", new { notification_type = "maintenance", title = "Phish" }),
            (HttpMethod.Post, $"/api/v1/users/{id}/notifications/read-all", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/teams", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/followers", null),
            (HttpMethod.Get, $"/api/v1/users/{id}/friends", null),
            (HttpMethod.Get, $"/api/v1/tenants/{home}", null),
            (HttpMethod.Get, $"/api/v1/tenants/{home}/members", null),
            (HttpMethod.Put, $"/api/v1/tenants/{home}/members/{id}", new { role = "owner" }),
            (HttpMethod.Post, $"/api/v1/tenants/{home}/members/{id}/lock", new { until = DateTimeOffset.UtcNow.AddHours(1) }),
            (HttpMethod.Post, $"/api/v1/tenants/{home}/dormancy-sweep", null),
            (HttpMethod.Post, $"/api/v1/tenants/{home}/engagement-sweep", null),
        };
        foreach (var (method, path, body) in calls)
        {
            var (status, _) = await stranger.SendAsync(method, path, body);
            Assert.True(status == HttpStatusCode.NotFound, $"{method} {path} answered {status}");
        }

        // The verify routes take no tenant: without the user's code a stranger gets the same 400 as anyone.
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsync($"/api/v1/users/{id}/verify-email", new { token = "guess" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsync($"/api/v1/users/{id}/verify-phone", new { token = "guess" })).Status);

        var (bulkStatus, bulk) = await stranger.PostAsync("/api/v1/users/bulk/deactivate", new { user_ids = new[] { id } });
        Assert.Equal(HttpStatusCode.OK, bulkStatus);
        Assert.Equal("user_not_found", bulk.GetProperty("results")[0].GetProperty("code").GetString());

        var (_, list) = await stranger.GetAsync("/api/v1/users?limit=100");
        Assert.DoesNotContain(list.GetProperty("users").EnumerateArray(), u => u.GetProperty("id").GetGuid() == id);

        var (_, user) = await Admin(home).GetAsync($"/api/v1/users/{id}");
        Assert.Equal("active", user.GetProperty("status").GetString());
        Assert.Equal("Api User", user.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_user_linked_into_a_second_tenant_shows_that_tenant_nothing_of_the_first()
    {
        var first = await NewTenantAsync();
        var second = await NewTenantAsync(new { default_role = "viewer" });
        var email = $"linked.{Guid.NewGuid():N}@example.com";
        var id = (await CreateUserAsync(first, email, autoActivate: true)).GetProperty("id").GetGuid();

        // Consent: registering the email in another tenant is refused; the user joins by accepting an invitation.
        var (refused, problem) = await Admin(second).PostAsync("/api/v1/users", new { email, name = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("user_exists_elsewhere", problem.GetProperty("code").GetString());
        await Linking.JoinAsync(As(second, "inviter", "invitation:create", "user:read"), As(first, id.ToString()), email, "viewer");
        var (_, linked) = await Admin(second).GetAsync($"/api/v1/users/{id}");
        Assert.Equal(second, linked.GetProperty("tenant_id").GetGuid());
        Assert.Equal("viewer", linked.GetProperty("role").GetString());

        var (_, events) = await Admin(second).GetAsync($"/api/v1/users/{id}/events");
        // The linked tenant sees its own events of the user (joining it made at least one), and only those.
        Assert.NotEmpty(events.GetProperty("events").EnumerateArray());
        Assert.All(events.GetProperty("events").EnumerateArray(), e => Assert.Equal(second, e.GetProperty("tenant_id").GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, (await Admin(second).GetAsync($"/api/v1/tenants/{first}/members")).Status);

        // Lifecycle commands belong to the home tenant; deleting from the second only leaves it.
        Assert.Equal(HttpStatusCode.Forbidden, (await Admin(second).PostAsync($"/api/v1/users/{id}/ban")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin(second).SendAsync(HttpMethod.Delete, $"/api/v1/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin(second).GetAsync($"/api/v1/users/{id}")).Status);
        var (_, home) = await Admin(first).GetAsync($"/api/v1/users/{id}");
        Assert.Equal("active", home.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_users_own_token_reads_and_updates_itself_gains_its_role_and_is_refused_once_inactive()
    {
        var tenant = await NewTenantAsync();
        var id = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var other = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var self = As(tenant, id.ToString());

        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Put, $"/api/v1/users/{id}/profile", new { location = "Home" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Patch, $"/api/v1/users/{id}/preferences", new { ui = new { theme = "dark" } })).Status);
        // The member role grants user:read in its tenant, nothing more.
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/users/{other}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await self.PostAsync($"/api/v1/users/{other}/ban")).Status);

        Assert.Equal(HttpStatusCode.OK, (await Admin(tenant).PostAsync($"/api/v1/users/{id}/deactivate", new { reason = "test" })).Status);
        var (status, problem) = await self.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("inactive_user", problem.GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Admin(tenant).SendAsync(HttpMethod.Delete, $"/api/v1/users/{other}?delete_type=hard")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await As(tenant, other.ToString(), "user:read").GetAsync($"/api/v1/users/{id}")).Status);
    }

    [Fact]
    public async Task Bulk_commands_answer_per_id()
    {
        var tenant = await NewTenantAsync();
        var active = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var pending = (await CreateUserAsync(tenant)).GetProperty("id").GetGuid();
        var missing = Guid.NewGuid();

        var (status, body) = await Admin(tenant).PostAsync("/api/v1/users/bulk/deactivate", new { user_ids = new[] { active, pending, missing }, reason = "cleanup" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("succeeded").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("user_id").GetGuid());
        Assert.Equal("inactive", results[active].GetProperty("status").GetString());
        Assert.Equal("illegal_transition", results[pending].GetProperty("code").GetString());
        Assert.Equal("user_not_found", results[missing].GetProperty("code").GetString());

        var (_, activated) = await Admin(tenant).PostAsync("/api/v1/users/bulk/activate", new { user_ids = new[] { active, pending } });
        Assert.Equal(2, activated.GetProperty("succeeded").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).PostAsync("/api/v1/users/bulk/activate", new { user_ids = Array.Empty<Guid>() })).Status);
    }

    [Fact]
    public async Task Avatars_are_generated_for_users_without_one_and_must_be_https()
    {
        var tenant = await NewTenantAsync();
        var id = (await CreateUserAsync(tenant, autoActivate: true)).GetProperty("id").GetGuid();
        var (status, svg) = await Admin(tenant).GetAsync($"/api/v1/users/{id}/avatar");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("<svg", svg.GetString(), StringComparison.Ordinal);
        Assert.Equal(svg.GetString(), (await Admin(tenant).GetAsync($"/api/v1/users/{id}/avatar")).Body.GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).SendAsync(HttpMethod.Put, $"/api/v1/users/{id}", new { avatar_url = "http://plain.example/a.png" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Admin(tenant).SendAsync(HttpMethod.Put, $"/api/v1/users/{id}", new { avatar_url = "https://cdn.example/a.png" })).Status);
    }

    [Fact]
    public async Task Tenant_settings_apply_to_registration()
    {
        var tenant = await NewTenantAsync(new { auto_activate_users = true, seat_limit = 1, allowed_email_domains = new[] { "example.com" } });
        var (_, t) = await Admin(tenant).GetAsync($"/api/v1/tenants/{tenant}");
        Assert.True(t.GetProperty("auto_activate_users").GetBoolean());

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin(tenant).PostAsync("/api/v1/users", new { email = $"x{Guid.NewGuid():N}@elsewhere.org", name = "Outsider" })).Status);
        var first = await CreateUserAsync(tenant);
        Assert.Equal("active", first.GetProperty("status").GetString());
        var (full, problem) = await Admin(tenant).PostAsync("/api/v1/users", new { email = $"y{Guid.NewGuid():N}@example.com", name = "Second" });
        Assert.Equal(HttpStatusCode.Conflict, full);
        Assert.Equal("seat_limit_reached", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await As(tenant, "ops", "tenant:create").PostAsync("/api/v1/tenants", new { id = tenant, name = "Dup" })).Status);
    }
}
