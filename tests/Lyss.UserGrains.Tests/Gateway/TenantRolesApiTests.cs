using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class TenantRolesApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Custom_roles_role_changes_grants_and_removal_take_effect_at_once()
    {
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "owner-svc", "tenant:create", "tenant:manage", "user:*", "admin:read", "activity:*", "invitation:create"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "Roles Co", auto_activate_users = true, default_role = "viewer" })).Status);

        var (roleStatus, role) = await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/auditor", new { permissions = new[] { "admin:read", "activity:read" } });
        Assert.Equal(HttpStatusCode.OK, roleStatus);
        Assert.Equal(2, role.GetProperty("permissions").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/admin", new { permissions = new[] { "user:read" } })).Status);
        // Nobody grants what they do not hold: platform:* is refused before the catalogue is even asked.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/root", new { permissions = new[] { "platform:*" } })).Status);

        var (_, created) = await owner.PostAsync("/api/v1/users", new { email = $"m.{Guid.NewGuid():N}@example.com", name = "Member" });
        var user = created.GetProperty("id").GetGuid();
        Assert.Equal("viewer", created.GetProperty("role").GetString());
        var self = new ApiClient(stack.Http, stack.Token(tenant, user.ToString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await self.GetAsync("/api/v1/admin/user-activities/statistics")).Status);

        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{user}", new { role = "auditor", grants = new[] { "invitation:create" } })).Status);
        var (_, permissions) = await owner.GetAsync($"/api/v1/tenants/{tenant}/members/{user}/permissions");
        Assert.Equal("auditor", permissions.GetProperty("role").GetString());
        var effective = permissions.GetProperty("effective").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["activity:read", "admin:read", "invitation:create"], effective);

        // The gateway forgets what it cached about this member when the change goes through it.
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync("/api/v1/admin/user-activities/statistics")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{user}", new { role = "nonexistent" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/members/{user}", new { grants = new[] { "platform:*" } })).Status);

        // Removing a member from a tenant it joined ends its access there at once.
        var other = Guid.NewGuid();
        var otherOwner = new ApiClient(stack.Http, stack.Token(other, "other-owner", "tenant:create", "tenant:manage", "user:*", "activity:*", "invitation:create"));
        Assert.Equal(HttpStatusCode.Created, (await otherOwner.PostAsync("/api/v1/tenants", new { id = other, name = "Second Co", auto_activate_users = true })).Status);
        var email = (await owner.GetAsync($"/api/v1/users/{user}")).Body.GetProperty("email").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await otherOwner.PostAsync("/api/v1/users", new { email, name = "Member" })).Status);
        await Linking.JoinAsync(otherOwner, self, email!);
        var selfThere = new ApiClient(stack.Http, stack.Token(other, user.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await selfThere.GetAsync($"/api/v1/tenants/{other}/members")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await otherOwner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{other}/members/{user}")).Status);
        // No longer a member: the user's token for that tenant holds nothing there (its own user stays readable).
        Assert.Equal(HttpStatusCode.Forbidden, (await selfThere.GetAsync($"/api/v1/tenants/{other}/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOwner.GetAsync($"/api/v1/users/{user}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/v1/users/{user}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await otherOwner.GetAsync($"/api/v1/tenants/{tenant}/roles")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/roles/auditor")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/roles/viewer")).Status);
    }
}
