using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class InvitationsApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Invite_lookup_accept_and_the_member_holds_the_roles_permissions()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:create", "invitation:create", "user:*", "activity:*", "admin:read", "team:manage"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Inviting Co", auto_activate_users = true })).Status);
        var email = $"newcomer.{Guid.NewGuid():N}@example.com";

        var (created, invitation) = await admin.PostAsync("/api/v1/invitations", new { invitee_email = email, role = "admin" });
        Assert.Equal(HttpStatusCode.Created, created);
        var code = invitation.GetProperty("code").GetString()!;
        Assert.StartsWith("inv_", code, StringComparison.Ordinal);
        Assert.Equal("pending", invitation.GetProperty("status").GetString());

        var anonymous = new ApiClient(stack.Http, null);
        var (lookup, info) = await anonymous.GetAsync($"/api/v1/invitations/{code}");
        Assert.Equal(HttpStatusCode.OK, lookup);
        Assert.Equal("Inviting Co", info.GetProperty("tenant_name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/invitations/inv_doesnotexist000000000000000")).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync($"/api/v1/invitations/{code}/accept", new { email = "someone.else@example.com", name = "Someone" })).Status);
        var (accepted, member) = await anonymous.PostAsync($"/api/v1/invitations/{code}/accept", new { email, name = "New Comer" });
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal("admin", member.GetProperty("role").GetString());
        Assert.Equal("active", member.GetProperty("status").GetString());
        Assert.Equal(tenant, member.GetProperty("tenant_id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync($"/api/v1/invitations/{code}/accept", new { email, name = "Again" })).Status);

        // The new member's own token, with no permissions of its own, gets the admin role's.
        var userId = member.GetProperty("user_id").GetGuid();
        var self = new ApiClient(stack.Http, stack.Token(tenant, userId.ToString()));
        var (_, whoami) = await self.GetAsync("/api/v1/whoami");
        Assert.Contains("invitation:create", whoami.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync("/api/v1/users")).Status);
        Assert.Equal(HttpStatusCode.Created, (await self.PostAsync("/api/v1/invitations", new { invitee_email = $"next.{Guid.NewGuid():N}@example.com", role = "member" })).Status);

        var (_, members) = await admin.GetAsync($"/api/v1/tenants/{tenant}/members");
        var row = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("user_id").GetGuid() == userId);
        Assert.Equal("tenant-admin", row.GetProperty("invited_by").GetString());

        // The welcome notification waits in the member's own inbox, and only there.
        var (_, inbox) = await self.GetAsync($"/api/v1/users/{userId}/notifications");
        Assert.Equal(1, inbox.GetProperty("unread_count").GetInt32());
        var welcome = inbox.GetProperty("notifications")[0];
        Assert.Equal("welcome", welcome.GetProperty("notification_type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/api/v1/users/{userId}/notifications")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await self.PostAsync($"/api/v1/users/{userId}/notifications/{welcome.GetProperty("id").GetGuid()}/read")).Status);
        Assert.Equal(0, (await self.GetAsync($"/api/v1/users/{userId}/notifications?unread_only=true")).Body.GetProperty("unread_count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await self.PostAsync($"/api/v1/users/{userId}/notifications/{Guid.NewGuid()}/read")).Status);

        var (_, listed) = await admin.GetAsync("/api/v1/invitations?status=accepted");
        Assert.Contains(listed.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task Another_tenant_cannot_see_cancel_or_list_the_invitations()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:create", "invitation:create", "user:read", "activity:write"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Private Co" })).Status);
        var (_, invitation) = await admin.PostAsync("/api/v1/invitations", new { invitee_email = $"x.{Guid.NewGuid():N}@example.com", role = "member", expires_in_days = 3 });
        var code = invitation.GetProperty("code").GetString()!;

        var other = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-admin", "invitation:create"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/invitations/{code}/cancel")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/api/v1/invitations", new { invitee_email = "y@example.com", role = "member", tenant_id = tenant })).Status);
        Assert.Equal(0, (await other.GetAsync("/api/v1/invitations")).Body.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/v1/invitations", new { invitee_email = "z@example.com", role = "member", expires_in_days = 31 })).Status);
        // Resending renews the expiry from now (bounded like creation); another tenant cannot.
        var firstExpiry = invitation.GetProperty("expires_at").GetDateTimeOffset();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/invitations/{code}/resend", new { expires_in_days = 30 })).Status);
        var (badResend, resendProblem) = await admin.PostAsync($"/api/v1/invitations/{code}/resend", new { expires_in_days = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badResend);
        Assert.True(resendProblem.GetProperty("errors").TryGetProperty("expires_in_days", out _));
        var (resent, renewed) = await admin.PostAsync($"/api/v1/invitations/{code}/resend", new { expires_in_days = 10 });
        Assert.Equal(HttpStatusCode.OK, resent);
        Assert.Equal("pending", renewed.GetProperty("status").GetString());
        Assert.Equal(code, renewed.GetProperty("code").GetString());
        Assert.InRange(renewed.GetProperty("expires_at").GetDateTimeOffset() - firstExpiry, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/invitations/{code}/cancel")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/invitations/{code}/cancel")).Status);
        var (cancelledResend, conflict) = await admin.PostAsync($"/api/v1/invitations/{code}/resend");
        Assert.Equal(HttpStatusCode.Conflict, cancelledResend);
        Assert.Equal("illegal_transition", conflict.GetProperty("code").GetString());
    }
}
