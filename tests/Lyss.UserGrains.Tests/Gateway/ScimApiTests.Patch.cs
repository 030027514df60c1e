using System.Net;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    [Fact]
    public async Task The_patch_variants_entra_and_okta_send_change_name_email_external_id_and_active()
    {
        var (tenant, token) = await NewTenantWithScimTokenAsync();
        var email = $"patch.{Guid.NewGuid():N}@example.com";
        var (_, user) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$$"""{"userName":"{{{email}}}","name":{"givenName":"Ada","familyName":"Lovelace"}}""");
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal("Ada Lovelace", user.GetProperty("displayName").GetString());
        var version = user.GetProperty("meta").GetProperty("version").GetString()!;

        // Entra ID: capitalised ops, a value-filtered path, a sub-attribute, an extension attribute it maps by default.
        var newEmail = $"renamed.{Guid.NewGuid():N}@example.com";
        var (patched, afterEntra) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Replace","path":"name.familyName","value":"King"},
              {"op":"Add","path":"emails[type eq \"work\"].value","value":"{{newEmail}}"},
              {"op":"Add","path":"externalId","value":"entra-object-1"},
              {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}]}
            """);
        Assert.True(patched == HttpStatusCode.OK, afterEntra.ToString());
        Assert.Equal(("Ada King", newEmail, "entra-object-1"),
            (afterEntra.GetProperty("displayName").GetString(), afterEntra.GetProperty("userName").GetString(), afterEntra.GetProperty("externalId").GetString()));

        // A stale version is refused; Entra's "False" as text deactivates.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}",
            """{"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", ifMatch: version)).Status);
        var (_, inactive) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""");
        Assert.False(inactive.GetProperty("active").GetBoolean());
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "scim-admin", "user:read"));
        Assert.Equal("inactive", (await admin.GetAsync($"/api/v1/users/{id}")).Body.GetProperty("status").GetString());

        // Okta: lower-case op, no path, a value object with a dotted key; then a PUT of the whole user.
        var (_, okta) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true,"name.givenName":"Augusta"}}]}""");
        Assert.Equal((true, "Augusta King"), (okta.GetProperty("active").GetBoolean(), okta.GetProperty("displayName").GetString()));
        var (put, replaced) = await ScimAsync(token, HttpMethod.Put, $"/scim/v2/Users/{id}", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{newEmail}}","name":{"givenName":"Ada","familyName":"Byron"},"active":true,"externalId":"okta-00u1"}
            """, ifMatch: okta.GetProperty("meta").GetProperty("version").GetString());
        Assert.True(put == HttpStatusCode.OK, replaced.ToString());
        Assert.Equal(("Ada Byron", "okta-00u1"), (replaced.GetProperty("displayName").GetString(), replaced.GetProperty("externalId").GetString()));

        // Remove the external id; a taken one is 409 uniqueness; bad ops, paths and values are 400.
        var (_, removed) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"remove","path":"externalId"}]}""");
        Assert.False(removed.TryGetProperty("externalId", out _));
        var (_, other) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"other.{{Guid.NewGuid():N}}@example.com","externalId":"held"}""");
        Assert.Equal("held", other.GetProperty("externalId").GetString());
        var (taken, uniqueness) = await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"add","path":"externalId","value":"held"}]}""");
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (taken, uniqueness.GetProperty("scimType").GetString()));
        Assert.Equal("invalidSyntax", (await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"move","path":"active"}]}""")).Body.GetProperty("scimType").GetString());
        Assert.Equal("invalidPath", (await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"add","path":"emails[type eq","value":"x"}]}""")).Body.GetProperty("scimType").GetString());
        Assert.Equal("invalidValue", (await ScimAsync(token, HttpMethod.Patch, $"/scim/v2/Users/{id}", """{"Operations":[{"op":"replace","path":"active","value":"maybe"}]}""")).Body.GetProperty("scimType").GetString());
    }
}
