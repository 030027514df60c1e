using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    [Fact]
    public async Task The_identity_provider_lifts_only_what_it_set_and_keeps_the_work_address()
    {
        var (tenant, token) = await NewTenantWithScimTokenAsync();
        var email = $"guard.{Guid.NewGuid():N}@example.com";
        var (_, user) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"{{email}}","displayName":"Guarded Person"}""");
        var id = user.GetProperty("id").GetString()!;

        // An admin deactivates the user: neither a PUT without active nor active=true from the IdP reactivates them.
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "admin-svc", "user:*"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{id}/deactivate", new { reason = "on leave" })).Status);
        var (_, put) = await ScimAsync(token, HttpMethod.Put, $"/scim/v2/Users/{id}", $$"""{"userName":"{{email}}"}""");
        Assert.Equal(("Guarded Person", false), (put.GetProperty("displayName").GetString(), put.GetProperty("active").GetBoolean()));
        var (_, patched) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"replace","path":"active","value":true}]}""");
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", (await admin.GetAsync($"/api/v1/users/{id}")).Body.GetProperty("status").GetString());

        // A home address is not the login email.
        var (_, home) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}",
            """{"Operations":[{"op":"add","path":"emails[type eq \"home\"].value","value":"private@example.net"}]}""");
        Assert.Equal(email, home.GetProperty("userName").GetString());

        // A time filter with an offset is compared in UTC, not a server error.
        var (status, _) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("meta.lastModified gt \"2011-05-13T04:42:34+02:00\""));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
