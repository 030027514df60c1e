using System.Net;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    [Fact]
    public async Task Groups_are_teams_created_found_patched_in_both_member_forms_renamed_and_deleted()
    {
        var (_, token) = await NewTenantWithScimTokenAsync();
        var (_, otherToken) = await NewTenantWithScimTokenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, user) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"g{{i}}.{{Guid.NewGuid():N}}@example.com"}""");
            ids.Add(user.GetProperty("id").GetString()!);
        }

        var name = "Engineering " + Guid.NewGuid().ToString("N")[..6];
        var (created, group) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Groups",
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{"value":"{{ids[0]}}"}]}""");
        Assert.True(created == HttpStatusCode.Created, group.ToString());
        var id = group.GetProperty("id").GetString()!;
        Assert.Single(group.GetProperty("members").EnumerateArray());

        // Entra ID looks the group up by name without its members.
        var (_, found) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString($"displayName eq \"{name.ToUpperInvariant()}\""));
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.False(found.GetProperty("Resources")[0].TryGetProperty("members", out _));
        Assert.Equal(0, (await ScimAsync(otherToken, HttpMethod.Get, "/scim/v2/Groups")).Body.GetProperty("totalResults").GetInt32());

        // Entra's forms: add and remove with a value list; the RFC's: remove by a filtered path.
        var (_, added) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Groups/{id}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"{{ids[1]}}"},{"value":"{{ids[2]}}"}]}]}""");
        Assert.Equal(3, added.GetProperty("members").GetArrayLength());
        var (_, removed) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Groups/{id}",
            $$"""{"Operations":[{"op":"Remove","path":"members","value":[{"value":"{{ids[0]}}"}]}]}""");
        Assert.Equal(2, removed.GetProperty("members").GetArrayLength());
        var (_, filtered) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Groups/{id}",
            $$"""{"Operations":[{"op":"remove","path":"members[value eq \"{{ids[1]}}\"]"}]}""");
        Assert.Equal([ids[2]], filtered.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        var (_, byMember) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Groups?filter=" + Uri.EscapeDataString($"members[value eq \"{ids[2]}\"]"));
        Assert.Equal(1, byMember.GetProperty("totalResults").GetInt32());

        // Okta renames with a value object; a name in use is 409 uniqueness; a stranger is no member.
        var (_, renamed) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Groups/{id}",
            $$$"""{"Operations":[{"op":"replace","value":{"id":"{{{id}}}","displayName":"{{{name}}} Renamed"}}]}""");
        Assert.Equal(name + " Renamed", renamed.GetProperty("displayName").GetString());
        var (duplicate, uniqueness) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Groups", $$"""{"displayName":"{{name}} renamed"}""");
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (duplicate, uniqueness.GetProperty("scimType").GetString()));
        var (_, stranger) = await ScimAsync(otherToken, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"x.{{Guid.NewGuid():N}}@example.com"}""");
        Assert.Equal(HttpStatusCode.BadRequest, (await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Groups/{id}",
            $$"""{"Operations":[{"op":"add","path":"members","value":[{"value":"{{stranger.GetProperty("id").GetString()}}"}]}]}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync(otherToken, HttpMethod.Get, $"/scim/v2/Groups/{id}")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await ScimAsync(token, HttpMethod.Delete, $"/scim/v2/Groups/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync(token, HttpMethod.Get, $"/scim/v2/Groups/{id}")).Status);
    }
}
