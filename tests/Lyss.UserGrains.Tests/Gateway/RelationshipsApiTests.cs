using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class RelationshipsApiTests(LiveStackFixture stack)
{
    private async Task<(Guid Tenant, ApiClient Admin, Guid[] Users)> SetUpAsync(int users)
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name = "Social Co", auto_activate_users = true })).Status);
        var ids = new Guid[users];
        for (var i = 0; i < users; i++)
        {
            ids[i] = (await admin.PostAsync("/api/v1/users", new { email = $"s{i}.{Guid.NewGuid():N}@example.com", name = $"Social {i}" })).Body.GetProperty("id").GetGuid();
        }

        return (tenant, admin, ids);
    }

    private ApiClient As(Guid tenant, Guid user) => new(stack.Http, stack.Token(tenant, user.ToString()));

    [Fact]
    public async Task Follow_and_friend_requests_flow_and_lists_page()
    {
        var (tenant, _, users) = await SetUpAsync(3);
        var (a, b, c) = (As(tenant, users[0]), As(tenant, users[1]), As(tenant, users[2]));
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsync($"/api/v1/users/{users[1]}/follow")).Status);
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"/api/v1/users/{users[1]}/follow")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await a.PostAsync($"/api/v1/users/{users[1]}/follow")).Status);
        var (_, followers) = await b.GetAsync($"/api/v1/users/{users[1]}/followers?limit=1");
        Assert.Equal(2, followers.GetProperty("total").GetInt32());
        Assert.True(followers.GetProperty("has_more").GetBoolean());

        var (requestStatus, requested) = await a.PostAsync($"/api/v1/users/{users[1]}/friends");
        Assert.True(requestStatus == HttpStatusCode.OK, requested.ToString());
        Assert.Equal("requested", requested.GetProperty("friendship").GetString());
        var inbox = (await b.GetAsync($"/api/v1/users/{users[1]}/notifications")).Body.GetProperty("notifications").EnumerateArray();
        Assert.Contains(inbox, n => n.GetProperty("notification_type").GetString() == "friend_request");
        var (relStatus, relation) = await b.GetAsync($"/api/v1/users/{users[0]}/relationship");
        Assert.True(relStatus == HttpStatusCode.OK, relation.ToString());
        Assert.Equal("pending", relation.GetProperty("friendship").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await a.PostAsync($"/api/v1/users/{users[1]}/friends/accept")).Status);
        Assert.Equal("accepted", (await b.PostAsync($"/api/v1/users/{users[0]}/friends/accept")).Body.GetProperty("friendship").GetString());
        Assert.Equal(1, (await a.GetAsync($"/api/v1/users/{users[0]}/friends")).Body.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PostAsync($"/api/v1/users/{users[0]}/follow")).Status);
    }

    [Fact]
    public async Task A_rejected_request_leaves_no_friendship_and_unfriend_and_unfollow_undo_only_their_own_link()
    {
        var (tenant, _, users) = await SetUpAsync(3);
        var (a, b, c) = (As(tenant, users[0]), As(tenant, users[1]), As(tenant, users[2]));

        // Rejecting: only the one asked can reject, once; afterwards neither side is a friend and a new request may follow.
        Assert.Equal("requested", (await a.PostAsync($"/api/v1/users/{users[1]}/friends")).Body.GetProperty("friendship").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await c.PostAsync($"/api/v1/users/{users[0]}/friends/reject")).Status);
        var (rejected, view) = await b.PostAsync($"/api/v1/users/{users[0]}/friends/reject");
        Assert.True(rejected == HttpStatusCode.OK, view.ToString());
        Assert.Equal("none", view.GetProperty("friendship").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await b.PostAsync($"/api/v1/users/{users[0]}/friends/reject")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await b.PostAsync($"/api/v1/users/{users[0]}/friends/accept")).Status);
        Assert.Equal("none", (await a.GetAsync($"/api/v1/users/{users[1]}/relationship")).Body.GetProperty("friendship").GetString());
        Assert.Equal(0, (await b.GetAsync($"/api/v1/users/{users[1]}/friends")).Body.GetProperty("total").GetInt32());

        // Unfriending ends the friendship for both sides and leaves the third user's.
        Assert.Equal("requested", (await a.PostAsync($"/api/v1/users/{users[1]}/friends")).Body.GetProperty("friendship").GetString());
        Assert.Equal("accepted", (await b.PostAsync($"/api/v1/users/{users[0]}/friends/accept")).Body.GetProperty("friendship").GetString());
        await c.PostAsync($"/api/v1/users/{users[1]}/friends");
        Assert.Equal("accepted", (await b.PostAsync($"/api/v1/users/{users[2]}/friends/accept")).Body.GetProperty("friendship").GetString());
        Assert.Equal(2, (await b.GetAsync($"/api/v1/users/{users[1]}/friends")).Body.GetProperty("total").GetInt32());
        var (unfriended, afterUnfriend) = await a.SendAsync(HttpMethod.Delete, $"/api/v1/users/{users[1]}/friends");
        Assert.True(unfriended == HttpStatusCode.OK, afterUnfriend.ToString());
        Assert.Equal("none", afterUnfriend.GetProperty("friendship").GetString());
        Assert.Equal(0, (await a.GetAsync($"/api/v1/users/{users[0]}/friends")).Body.GetProperty("total").GetInt32());
        var (_, bFriends) = await b.GetAsync($"/api/v1/users/{users[1]}/friends");
        Assert.Equal(users[2], Assert.Single(bFriends.GetProperty("friends").EnumerateArray()).GetProperty("user_id").GetGuid());

        // Unfollowing removes the caller's follow only: the other direction stays.
        await a.PostAsync($"/api/v1/users/{users[1]}/follow");
        await b.PostAsync($"/api/v1/users/{users[0]}/follow");
        var (unfollowed, afterUnfollow) = await a.SendAsync(HttpMethod.Delete, $"/api/v1/users/{users[1]}/follow");
        Assert.True(unfollowed == HttpStatusCode.OK, afterUnfollow.ToString());
        Assert.False(afterUnfollow.GetProperty("following").GetBoolean());
        Assert.True(afterUnfollow.GetProperty("followed_by").GetBoolean());
        Assert.Equal(0, (await b.GetAsync($"/api/v1/users/{users[1]}/followers")).Body.GetProperty("total").GetInt32());
        Assert.Equal(1, (await a.GetAsync($"/api/v1/users/{users[0]}/followers")).Body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Blocking_removes_follows_and_friendship_both_ways_and_stops_new_requests()
    {
        var (tenant, _, users) = await SetUpAsync(2);
        var (a, b) = (As(tenant, users[0]), As(tenant, users[1]));
        await a.PostAsync($"/api/v1/users/{users[1]}/follow");
        await b.PostAsync($"/api/v1/users/{users[0]}/follow");
        await a.PostAsync($"/api/v1/users/{users[1]}/friends");
        await b.PostAsync($"/api/v1/users/{users[0]}/friends/accept");

        var (status, view) = await b.PostAsync($"/api/v1/users/{users[0]}/block");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(view.GetProperty("following").GetBoolean());
        Assert.False(view.GetProperty("followed_by").GetBoolean());
        Assert.Equal("none", view.GetProperty("friendship").GetString());
        Assert.Equal(0, (await a.GetAsync($"/api/v1/users/{users[0]}/following")).Body.GetProperty("total").GetInt32());
        Assert.Equal(0, (await a.GetAsync($"/api/v1/users/{users[0]}/friends")).Body.GetProperty("total").GetInt32());

        Assert.Equal("blocked", (await a.PostAsync($"/api/v1/users/{users[1]}/follow")).Body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await a.PostAsync($"/api/v1/users/{users[1]}/friends")).Status);
        Assert.True((await a.GetAsync($"/api/v1/users/{users[1]}/relationship")).Body.GetProperty("blocked_by").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(HttpMethod.Delete, $"/api/v1/users/{users[0]}/block")).Status);
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsync($"/api/v1/users/{users[1]}/follow")).Status);

        var outsider = new ApiClient(stack.Http, stack.Token(Guid.NewGuid(), "other-service", "user:read"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/users/{users[0]}/followers")).Status);
        var service = new ApiClient(stack.Http, stack.Token(tenant, "some-service", "user:*"));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsync($"/api/v1/users/{users[0]}/follow")).Status);
    }
}
