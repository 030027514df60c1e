using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    [Fact]
    public async Task A_bearer_token_that_is_no_owners_cannot_deprovision_an_owner_through_scim()
    {
        var (tenant, scimToken) = await NewTenantWithScimTokenAsync();
        var platform = new ApiClient(stack.Http, stack.Token(tenant, "ops", "platform:*"));
        var (status, owner) = await platform.PostAsync("/api/v1/users", new { email = $"owner.{Guid.NewGuid():N}@example.com", name = "The Owner", role = "owner", auto_activate = true });
        Assert.True(status == HttpStatusCode.Created, owner.ToString());
        var id = owner.GetProperty("id").GetString();

        var provisioner = stack.Token(tenant, "provisioning-svc", "scim:provision");
        var (forbidden, error) = await ScimAsync(provisioner, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"replace","path":"active","value":false}]}""");
        Assert.Equal((HttpStatusCode.Forbidden, "403"), (forbidden, error.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await ScimAsync(provisioner, HttpMethod.Delete, $"/scim/v2/Users/{id}")).Status);
        Assert.Equal("active", (await platform.GetAsync($"/api/v1/users/{id}")).Body.GetProperty("status").GetString());

        // The tenant's SCIM token speaks for its identity provider, which governs owners too.
        var (ok, deactivated) = await ScimAsync(scimToken, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"replace","path":"active","value":false}]}""");
        Assert.True(ok == HttpStatusCode.OK, deactivated.ToString());
        Assert.False(deactivated.GetProperty("active").GetBoolean());
    }
}
