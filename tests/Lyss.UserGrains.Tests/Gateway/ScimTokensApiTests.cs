using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>SCIM tokens: the write keys' shapes, behind scim:provision (nobody mints provisioning power they lack).</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class ScimTokensApiTests(LiveStackFixture stack)
{
    [Fact]
    public async Task Only_a_holder_of_scim_provision_mints_lists_and_revokes_scim_tokens()
    {
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "scim-owner", "tenant:create", "tenant:manage", "scim:provision", "admin:read"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "SCIM Co" })).Status);

        var (status, issued) = await owner.PostAsync($"/api/v1/tenants/{tenant}/scim-tokens", new { name = "Entra ID" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("lyss_scim_", issued.GetProperty("key").GetString());
        var (_, list) = await owner.GetAsync($"/api/v1/tenants/{tenant}/scim-tokens");
        var listed = Assert.Single(list.GetProperty("scim_tokens").EnumerateArray());
        Assert.Equal("Entra ID", listed.GetProperty("name").GetString());
        // The kinds are apart: a SCIM token is no write key and is not listed with them.
        Assert.Empty((await owner.GetAsync($"/api/v1/tenants/{tenant}/write-keys")).Body.GetProperty("write_keys").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/write-keys/{issued.GetProperty("id").GetString()}")).Status);

        // tenant:manage alone cannot hand out provisioning.
        var manager = new ApiClient(stack.Http, stack.Token(tenant, "manager", "tenant:manage"));
        var (forbidden, problem) = await manager.PostAsync($"/api/v1/tenants/{tenant}/scim-tokens", new { name = "sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/tenants/{tenant}/scim-tokens/{issued.GetProperty("id").GetString()}")).Status);
        Assert.Empty((await owner.GetAsync($"/api/v1/tenants/{tenant}/scim-tokens")).Body.GetProperty("scim_tokens").EnumerateArray());
        var (_, trail) = await owner.GetAsync($"/api/v1/tenants/{tenant}/events");
        Assert.Equal(["scim_token_revoked", "scim_token_created"], trail.GetProperty("events").EnumerateArray().Take(2).Select(e => e.GetProperty("event_type").GetString()));
    }
}
