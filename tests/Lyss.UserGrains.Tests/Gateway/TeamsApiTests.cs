using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class TeamsApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Teams_take_only_tenant_members_and_their_leads_manage_them()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*", "team:manage"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Teams Co", auto_activate_users = true })).Status);
        var lead = (await admin.PostAsync("/api/v1/users", new { email = $"lead.{Guid.NewGuid():N}@example.com", name = "Lead" })).Body.GetProperty("id").GetGuid();
        var member = (await admin.PostAsync("/api/v1/users", new { email = $"mem.{Guid.NewGuid():N}@example.com", name = "Member" })).Body.GetProperty("id").GetGuid();
        var stranger = Guid.NewGuid();

        var (created, team) = await admin.PostAsync("/api/v1/teams", new { name = "Research" });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = team.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/teams/{id}/members", new { user_id = lead, role = "lead" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/v1/teams/{id}/members", new { user_id = stranger })).Status);

        var leadApi = new ApiClient(stack.Http, stack.Token(tenant, lead.ToString()));
        var memberApi = new ApiClient(stack.Http, stack.Token(tenant, member.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await leadApi.PostAsync($"/api/v1/teams/{id}/members", new { user_id = member })).Status);
        Assert.Equal(HttpStatusCode.OK, (await leadApi.SendAsync(HttpMethod.Put, $"/api/v1/teams/{id}", new { name = "Research & Dev" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberApi.SendAsync(HttpMethod.Put, $"/api/v1/teams/{id}", new { name = "Mine now" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberApi.SendAsync(HttpMethod.Delete, $"/api/v1/teams/{id}/members/{lead}")).Status);

        // The tenant's list holds its one team; its members carry their team roles; another tenant lists none of it.
        var (_, listed) = await admin.GetAsync("/api/v1/teams");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(id, Assert.Single(listed.GetProperty("teams").EnumerateArray()).GetProperty("id").GetGuid());
        var (membersStatus, members) = await memberApi.GetAsync($"/api/v1/teams/{id}/members");
        Assert.Equal(HttpStatusCode.OK, membersStatus);
        Assert.Equal(
            new Dictionary<Guid, string> { [lead] = "lead", [member] = "member" },
            members.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("user_id").GetGuid(), m => m.GetProperty("role").GetString()!));
        Assert.Equal(0, (await new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-reader", "user:read")).GetAsync("/api/v1/teams")).Body.GetProperty("total").GetInt32());

        var (_, mine) = await memberApi.GetAsync($"/api/v1/users/{member}/teams");
        Assert.Equal("Research & Dev", mine.GetProperty("teams")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await memberApi.SendAsync(HttpMethod.Delete, $"/api/v1/teams/{id}/members/{member}")).Status);
        Assert.Equal(0, (await memberApi.GetAsync($"/api/v1/users/{member}/teams")).Body.GetProperty("total").GetInt32());

        var other = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-admin", "team:manage", "user:*"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/teams/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/v1/teams/{id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/v1/teams/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/teams/{id}")).Status);
    }
}
