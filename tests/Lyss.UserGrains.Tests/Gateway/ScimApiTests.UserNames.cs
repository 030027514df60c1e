using System.Net;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    [Fact]
    public async Task A_user_name_that_is_no_email_is_kept_found_and_unique_as_entras_test_users_need()
    {
        var (_, token) = await NewTenantWithScimTokenAsync();
        var userName = $"Test_User_{Guid.NewGuid()}";
        var body = $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"{{Guid.NewGuid()}}","userName":"{{userName}}","active":true,
             "emails":[{"primary":true,"type":"work","value":"{{userName}}@testuser.com"}],
             "meta":{"resourceType":"User"},"name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},"roles":[]}
            """;
        var (created, user) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", body);
        Assert.True(created == HttpStatusCode.Created, user.ToString());
        Assert.Equal((userName, $"{userName}@testuser.com"), (user.GetProperty("userName").GetString(), user.GetProperty("emails")[0].GetProperty("value").GetString()));

        var (_, found) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{userName.ToLowerInvariant()}\""));
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.Equal(userName, found.GetProperty("Resources")[0].GetProperty("userName").GetString());

        var (again, uniqueness) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"{{userName}}","emails":[{"value":"other.{{Guid.NewGuid():N}}@testuser.com"}]}""");
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (again, uniqueness.GetProperty("scimType").GetString()));

        // Renamed by PATCH; the old name no longer finds anyone.
        var renamed = userName + "_renamed";
        var (_, patched) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{user.GetProperty("id").GetString()}",
            $$"""{"Operations":[{"op":"Replace","path":"userName","value":"{{renamed}}"}]}""");
        Assert.Equal(renamed, patched.GetProperty("userName").GetString());
        Assert.Equal(0, (await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{userName}\""))).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task Racing_creates_with_one_user_name_that_is_no_email_create_one_user()
    {
        var (_, token) = await NewTenantWithScimTokenAsync();
        var userName = $"Racer_{Guid.NewGuid():N}";
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""
            {"userName":"{{userName}}","emails":[{"primary":true,"type":"work","value":"racer{{i}}.{{Guid.NewGuid():N}}@example.com"}],"displayName":"Racer {{i}}"}
            """)));

        Assert.Single(outcomes, o => o.Status == HttpStatusCode.Created);
        Assert.All(outcomes.Where(o => o.Status != HttpStatusCode.Created), o =>
            Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (o.Status, o.Body.GetProperty("scimType").GetString())));
    }
}
