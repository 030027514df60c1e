using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class SharingApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Shares_reach_users_and_teams_notify_them_and_stop_at_blocks_and_feedback_is_for_admins()
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*", "team:manage", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Share Co", auto_activate_users = true })).Status);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await admin.PostAsync("/api/v1/users", new { email = $"sh{i}.{Guid.NewGuid():N}@example.com", name = $"Sharer {i}" })).Body.GetProperty("id").GetGuid());
        }

        var (alice, bob, carol) = (As(tenant, ids[0]), As(tenant, ids[1]), As(tenant, ids[2]));
        var team = (await admin.PostAsync("/api/v1/teams", new { name = "Readers" })).Body.GetProperty("id").GetGuid();
        await admin.PostAsync($"/api/v1/teams/{team}/members", new { user_id = ids[2] });

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/v1/shares", new { resource_type = "case", resource_id = "case-1", message = "look", user_id = ids[1] })).Status);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/v1/shares", new { resource_type = "document", resource_id = "doc-9", team_id = team })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsync("/api/v1/shares", new { resource_type = "case", resource_id = "x", user_id = ids[1], team_id = team })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsync("/api/v1/shares", new { resource_type = "case", resource_id = "x", user_id = Guid.NewGuid() })).Status);

        Assert.Equal("case-1", (await bob.GetAsync("/api/v1/shares")).Body.GetProperty("shares")[0].GetProperty("resource_id").GetString());
        Assert.Equal("doc-9", (await carol.GetAsync("/api/v1/shares")).Body.GetProperty("shares")[0].GetProperty("resource_id").GetString());
        Assert.Equal(2, (await alice.GetAsync("/api/v1/shares?direction=sent")).Body.GetProperty("total").GetInt32());
        var inbox = (await bob.GetAsync($"/api/v1/users/{ids[1]}/notifications")).Body.GetProperty("notifications").EnumerateArray();
        Assert.Contains(inbox, n => n.GetProperty("notification_type").GetString() == "share_received");

        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/v1/users/{ids[0]}/block")).Status);
        Assert.Equal("blocked", (await alice.PostAsync("/api/v1/shares", new { resource_type = "case", resource_id = "case-2", user_id = ids[1] })).Body.GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsync("/api/v1/feedback", new { rating = 5, comment = "great" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsync("/api/v1/feedback", new { rating = 2, resource_type = "document", resource_id = "doc-9" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await carol.PostAsync("/api/v1/feedback", new { rating = 6 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync("/api/v1/feedback")).Status);
        var (_, feedback) = await admin.GetAsync("/api/v1/feedback");
        Assert.Equal(2, feedback.GetProperty("total").GetInt32());
        Assert.Equal(3.5, feedback.GetProperty("average_rating").GetDouble());
    }

    private ApiClient As(Guid tenant, Guid user) => new(stack.Http, stack.Token(tenant, user.ToString()));
}
