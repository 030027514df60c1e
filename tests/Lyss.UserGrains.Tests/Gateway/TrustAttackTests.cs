using System.Net;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>
/// The attacks that once worked, replayed over REST: each must be refused and leave the victim unchanged.
/// </summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class TrustAttackTests(LiveStackFixture stack)
{
    private static readonly string[] Operator = ["platform:*"];

    private ApiClient As(Guid tenant, string subject, params string[] permissions) => new(stack.Http, stack.Token(tenant, subject, permissions));

    private ApiClient Platform(Guid tenant) => As(tenant, "ops", Operator);

    private async Task<Guid> TenantAsync(object? settings = null)
    {
        var id = Guid.NewGuid();
        var body = new Dictionary<string, object?> { ["id"] = id, ["name"] = "Trust " + id.ToString("N")[..6] };
        foreach (var p in JsonSerializer.SerializeToElement(settings ?? new { }).EnumerateObject())
        {
            body[p.Name] = p.Value;
        }

        var (status, json) = await Platform(id).PostAsync("/api/v1/tenants", body);
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return id;
    }

    private async Task<(Guid Id, string Email)> UserAsync(Guid tenant, string role = "member")
    {
        var email = $"trust.{Guid.NewGuid():N}@example.com";
        var (status, json) = await Platform(tenant).PostAsync("/api/v1/users", new { email, name = "Victim", phone = "+4915112345678", role, auto_activate = true });
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return (json.GetProperty("id").GetGuid(), email);
    }

    [Fact]
    public async Task Another_tenant_cannot_take_over_a_user_by_registering_its_email_then_changing_it()
    {
        var (a, b) = (await TenantAsync(), await TenantAsync());
        var (victim, email) = await UserAsync(b);
        var attacker = As(a, "attacker-svc", "user:*");

        var (status, problem) = await attacker.PostAsync("/api/v1/users", new { email, name = "xx" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("user_exists_elsewhere", problem.GetProperty("code").GetString());
        Assert.False(problem.ToString().Contains(victim.ToString(), StringComparison.Ordinal), "the refusal names the victim");

        Assert.Equal(HttpStatusCode.NotFound, (await attacker.SendAsync(HttpMethod.Put, $"/api/v1/users/{victim}", new { email = "attacker@example.com" })).Status);
        var (_, seen) = await Platform(b).GetAsync($"/api/v1/users/{victim}");
        Assert.Equal(email, seen.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_plain_member_cannot_lock_the_owner_with_failed_logins()
    {
        var tenant = await TenantAsync();
        var (owner, _) = await UserAsync(tenant, "owner");
        var (member, _) = await UserAsync(tenant);
        var memberToken = As(tenant, member.ToString());
        for (var i = 0; i < 5; i++)
        {
            var (status, problem) = await memberToken.PostAsync("/api/v1/activities", new { user_id = owner, activity_type = "login", details = new { success = false } });
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("not_self", problem.GetProperty("code").GetString());
        }

        var batch = await memberToken.PostAsync("/api/v1/activities/batch", new { activities = new[] { new { user_id = owner, activity_type = "login", details = new { success = false } } } });
        Assert.Equal(HttpStatusCode.Forbidden, batch.Status);
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, owner.ToString()).GetAsync($"/api/v1/users/{owner}")).Status);
    }

    [Fact]
    public async Task A_tenants_alert_rules_lock_only_its_own_membership_of_a_linked_user()
    {
        var (home, other) = (await TenantAsync(), await TenantAsync());
        var (user, email) = await UserAsync(home);
        await Linking.JoinAsync(Platform(other), As(home, user.ToString()), email);
        Assert.Equal(HttpStatusCode.OK, (await Platform(other).SendAsync(HttpMethod.Put, $"/api/v1/tenants/{other}/alert-rules", new { failed_login_limit = 1, failed_login_lock_minutes = 7 * 24 * 60 })).Status);

        var tracker = As(other, "tracker-svc", "activity:write");
        Assert.Equal(HttpStatusCode.Created, (await tracker.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login", details = new { success = false } })).Status);

        // That tenant's tokens are refused; the user and its home tenant are untouched.
        var (refused, problem) = await As(other, user.ToString()).GetAsync($"/api/v1/users/{user}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("membership_locked", problem.GetProperty("code").GetString());
        var (homeStatus, seen) = await As(home, user.ToString()).GetAsync($"/api/v1/users/{user}");
        Assert.Equal(HttpStatusCode.OK, homeStatus);
        Assert.Equal("active", seen.GetProperty("status").GetString());

        // The locking tenant sees and lifts its own lock.
        var (_, member) = await Platform(other).GetAsync($"/api/v1/users/{user}");
        Assert.Equal("locked", member.GetProperty("membership_status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await As(other, "admin-svc", "user:manage").PostAsync($"/api/v1/tenants/{other}/members/{user}/unlock")).Status);
        Assert.Equal(HttpStatusCode.OK, (await As(other, user.ToString()).GetAsync($"/api/v1/users/{user}")).Status);
    }

    [Fact]
    public async Task Nobody_grants_what_they_do_not_hold()
    {
        var tenant = await TenantAsync();
        var (admin, _) = await UserAsync(tenant, "admin");
        var (target, _) = await UserAsync(tenant);
        var adminToken = As(tenant, admin.ToString());

        var (invited, problem) = await adminToken.PostAsync("/api/v1/invitations", new { invitee_email = $"me2.{Guid.NewGuid():N}@example.com", role = "owner" });
        Assert.Equal(HttpStatusCode.Forbidden, invited);
        Assert.Equal("owner_required", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await adminToken.PostAsync("/api/v1/users", new { email = $"o.{Guid.NewGuid():N}@example.com", name = "O", role = "owner" })).Status);

        // tenant:manage alone cannot mint tenant creators or owners, nor make a default role of admin.
        var manager = As(tenant, "manager-svc", "tenant:manage");
        var (granted, grantProblem) = await manager.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{target}", new { grants = new[] { "tenant:create" } });
        Assert.Equal(HttpStatusCode.Forbidden, granted);
        Assert.Equal("grant_exceeds_caller", grantProblem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{target}", new { role = "owner" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/boss", new { permissions = new[] { "user:*" } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Platform(tenant).SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{target}", new { grants = new[] { "tenant:create" } })).Status);
        var (defaultStatus, _) = await Platform(Guid.NewGuid()).PostAsync("/api/v1/tenants", new { name = "Open doors", default_role = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, defaultStatus);

        // Sweeps that change users need user:manage.
        Assert.Equal(HttpStatusCode.Forbidden, (await As(tenant, "reader-svc", "admin:read").PostAsync($"/api/v1/tenants/{tenant}/dormancy-sweep")).Status);
        var (_, seen) = await Platform(tenant).GetAsync($"/api/v1/tenants/{tenant}/members/{target}/permissions");
        Assert.Equal("member", seen.GetProperty("role").GetString());
        Assert.Empty(seen.GetProperty("grants").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_cannot_ban_re_mail_demote_or_lock_the_owner()
    {
        var tenant = await TenantAsync();
        var (owner, email) = await UserAsync(tenant, "owner");
        var (admin, _) = await UserAsync(tenant, "admin");
        var adminToken = As(tenant, admin.ToString());

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Post, $"/api/v1/users/{owner}/ban", null),
            (HttpMethod.Put, $"/api/v1/users/{owner}", new { email = "attacker@example.com" }),
            (HttpMethod.Delete, $"/api/v1/users/{owner}", null),
            (HttpMethod.Post, $"/api/v1/tenants/{tenant}/members/{owner}/lock", new { until = DateTimeOffset.UtcNow.AddDays(1) }),
        })
        {
            var (status, problem) = await adminToken.SendAsync(method, path, body);
            Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path}: {status} {problem}");
            Assert.Equal("owner_required", problem.GetProperty("code").GetString());
        }

        // The admin role lacks tenant:manage; a caller holding it but no owner cannot demote the owner either.
        var (demoted, demoteProblem) = await As(tenant, "manager-svc", "tenant:manage", "user:*").SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{owner}", new { role = "member" });
        Assert.Equal(HttpStatusCode.Forbidden, demoted);
        Assert.Equal("owner_required", demoteProblem.GetProperty("code").GetString());

        var bulk = (await adminToken.PostAsync("/api/v1/users/bulk/deactivate", new { user_ids = new[] { owner } })).Body;
        Assert.Equal("owner_required", bulk.GetProperty("results")[0].GetProperty("code").GetString());
        var (_, seen) = await Platform(tenant).GetAsync($"/api/v1/users/{owner}");
        Assert.Equal(("active", email, "owner"), (seen.GetProperty("status").GetString(), seen.GetProperty("email").GetString(), seen.GetProperty("role").GetString()));

        // Another owner may.
        var (second, _) = await UserAsync(tenant, "owner");
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, second.ToString()).PostAsync($"/api/v1/users/{owner}/deactivate")).Status);
    }

    [Fact]
    public async Task Another_tenant_of_a_user_cannot_write_its_identity_nor_see_its_private_side()
    {
        var (home, other) = (await TenantAsync(), await TenantAsync());
        var (user, email) = await UserAsync(home);
        await Linking.JoinAsync(Platform(other), As(home, user.ToString()), email);
        var otherAdmin = As(other, "other-admin", "user:*");

        var (put, problem) = await otherAdmin.SendAsync(HttpMethod.Put, $"/api/v1/users/{user}", new { email = "attacker@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, put);
        Assert.Equal("not_home_tenant", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.SendAsync(HttpMethod.Put, $"/api/v1/users/{user}/profile", new { location = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.SendAsync(HttpMethod.Patch, $"/api/v1/users/{user}/preferences", new { ui = new { theme = "dark" } })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PostAsync($"/api/v1/users/{user}/lock", new { until = DateTimeOffset.UtcNow.AddDays(1) })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/v1/users/{user}/presence")).Status);

        var (_, seen) = await otherAdmin.GetAsync($"/api/v1/users/{user}?include_activity=true&include_profile=true");
        Assert.Equal(email, seen.GetProperty("email").GetString());
        foreach (var hidden in new[] { "phone", "bio", "activated_by", "activated_at", "locked_until", "last_login_at" })
        {
            Assert.False(seen.TryGetProperty(hidden, out var value) && value.ValueKind != JsonValueKind.Null, $"{hidden} is shown to another tenant");
        }

        Assert.True(seen.GetProperty("activity").GetProperty("hidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("profile").ValueKind);
        var (_, unchanged) = await Platform(home).GetAsync($"/api/v1/users/{user}");
        Assert.Equal(email, unchanged.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Privacy_preferences_hide_presence_and_stop_non_audit_tracking()
    {
        var tenant = await TenantAsync();
        var (user, _) = await UserAsync(tenant);
        var self = As(tenant, user.ToString());
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Patch, $"/api/v1/users/{user}/preferences", new { privacy = new { show_presence = false, activity_tracking = false, profile_visibility = "private" } })).Status);

        var (viewed, _) = await self.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "page_view" });
        Assert.Equal(HttpStatusCode.Accepted, viewed);
        var (_, notTracked) = await self.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "page_view" });
        Assert.Equal("not_tracked", notTracked.GetProperty("status").GetString());
        Assert.False(notTracked.TryGetProperty("id", out _));
        var (_, login) = await self.PostAsync("/api/v1/activities", new { user_id = user, activity_type = "login" });
        Assert.Equal("accepted", login.GetProperty("status").GetString());
        var (_, summary) = await self.GetAsync($"/api/v1/users/{user}/activity-summary?days=1");
        Assert.Equal(1, summary.GetProperty("basic_stats").GetProperty("total_activities").GetInt32());

        var colleague = As(tenant, "colleague-svc", "user:read");
        var (_, presence) = await colleague.GetAsync($"/api/v1/users/{user}/presence");
        Assert.True(presence.GetProperty("hidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, presence.GetProperty("last_activity_type").ValueKind);
        Assert.Equal("login", (await self.GetAsync($"/api/v1/users/{user}/presence")).Body.GetProperty("last_activity_type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/api/v1/users/{user}/profile")).Status);
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, "manager-svc", "user:read", "user:manage").GetAsync($"/api/v1/users/{user}/profile")).Status);
    }

    [Fact]
    public async Task A_removed_member_loses_its_teams_and_lead_rights_at_once()
    {
        var (home, other) = (await TenantAsync(), await TenantAsync());
        var (user, email) = await UserAsync(home);
        await Linking.JoinAsync(Platform(other), As(home, user.ToString()), email);
        var (_, team) = await Platform(other).PostAsync("/api/v1/teams", new { name = "Crew" });
        var teamId = team.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Platform(other).PostAsync($"/api/v1/teams/{teamId}/members", new { user_id = user, role = "lead" })).Status);
        var lead = As(other, user.ToString());
        Assert.Equal(HttpStatusCode.OK, (await lead.SendAsync(HttpMethod.Put, $"/api/v1/teams/{teamId}", new { name = "Crew 2" })).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await Platform(other).SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{other}/members/{user}")).Status);
        var (_, after) = await Platform(other).GetAsync($"/api/v1/teams/{teamId}");
        Assert.Empty(after.GetProperty("members").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.SendAsync(HttpMethod.Put, $"/api/v1/teams/{teamId}", new { name = "Mine" })).Status);
    }
}
