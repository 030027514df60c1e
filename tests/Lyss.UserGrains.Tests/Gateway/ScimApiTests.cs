using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>SCIM Users as an identity provider drives them: the test-connection query, create, find, read, errors, deprovision.</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class ScimApiTests(LiveStackFixture stack)
{
    private const string Media = "application/scim+json";

    [Fact]
    public async Task An_identity_provider_tests_the_connection_creates_finds_reads_and_deprovisions_a_user()
    {
        var (tenant, token) = await NewTenantWithScimTokenAsync();

        // Entra ID's "test connection": a filter on a user that does not exist → 200 with none.
        var (status, empty) = await ScimAsync(token, HttpMethod.Get, $"/scim/v2/Users?filter=userName eq \"{Guid.NewGuid()}\"");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, "urn:ietf:params:scim:api:messages:2.0:ListResponse"), (empty.GetProperty("totalResults").GetInt32(), empty.GetProperty("schemas")[0].GetString()));

        var email = $"Scim.{Guid.NewGuid():N}@Example.com";
        var (created, user) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"{{email}}","active":true,
             "emails":[{"primary":true,"type":"work","value":"{{email}}"}],"displayName":"Ada Provisioned",
             "name":{"formatted":"Ada Provisioned","familyName":"Provisioned","givenName":"Ada"},"roles":[]}
            """);
        Assert.True(created == HttpStatusCode.Created, user.ToString());
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal(("Ada Provisioned", true, "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"),
            (user.GetProperty("displayName").GetString(), user.GetProperty("active").GetBoolean(), user.GetProperty("externalId").GetString()));
        Assert.EndsWith($"/scim/v2/Users/{id}", user.GetProperty("meta").GetProperty("location").GetString());

        // Found by userName (any case), by externalId (a Guid-looking id: exact), and by a value path.
        foreach (var filter in new[] { $"userName eq \"{email.ToUpperInvariant()}\"", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"",
                     "emails[type eq \"work\" and value co \"scim.\"] and active eq true", "not (userName eq \"someone@else.com\") and displayName sw \"ada\"",
                     "emails[type eq \"Work\"] and userName eq \"" + email + "\"" })
        {
            var (_, found) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString(filter));
            Assert.True(found.GetProperty("totalResults").GetInt32() == 1, $"{filter}: {found}");
            Assert.Equal(id, found.GetProperty("Resources")[0].GetProperty("id").GetString());
        }

        var (read, one) = await ScimAsync(token, HttpMethod.Get, $"/scim/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(email.ToLowerInvariant(), one.GetProperty("userName").GetString()!.ToLowerInvariant());

        // The user is the tenant's: active, email unverified (REST view).
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "scim-admin", "user:read"));
        var (_, rest) = await admin.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(("active", false), (rest.GetProperty("status").GetString(), rest.GetProperty("email_verified").GetBoolean()));

        // Errors in SCIM's shape: a bad filter, a duplicate, a missing userName.
        var (bad, error) = await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("userName eq"));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(("400", "invalidFilter", "urn:ietf:params:scim:api:messages:2.0:Error"),
            (error.GetProperty("status").GetString(), error.GetProperty("scimType").GetString(), error.GetProperty("schemas")[0].GetString()));
        Assert.Equal("invalidFilter", (await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString("phoneNumbers pr"))).Body.GetProperty("scimType").GetString());
        var (duplicate, uniqueness) = await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"{{email}}"}""");
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (duplicate, uniqueness.GetProperty("scimType").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await ScimAsync(token, HttpMethod.Post, "/scim/v2/Users", """{"displayName":"No Name"}""")).Status);

        // Deprovision: soft-deleted, then 404.
        Assert.Equal(HttpStatusCode.NoContent, (await ScimAsync(token, HttpMethod.Delete, $"/scim/v2/Users/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync(token, HttpMethod.Get, $"/scim/v2/Users/{id}")).Status);
        Assert.Equal(0, (await ScimAsync(token, HttpMethod.Get, "/scim/v2/Users?filter=" + Uri.EscapeDataString($"userName eq \"{email}\""))).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_scim_caller_is_a_tenants_token_or_a_holder_of_scim_provision_and_sees_only_its_tenant()
    {
        var (tenantA, tokenA) = await NewTenantWithScimTokenAsync();
        var (_, tokenB) = await NewTenantWithScimTokenAsync();
        var (_, user) = await ScimAsync(tokenA, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"iso.{{Guid.NewGuid():N}}@example.com"}""");
        var id = user.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync(tokenB, HttpMethod.Get, $"/scim/v2/Users/{id}")).Status);
        // Consent: tenant B cannot provision tenant A's user by email; that user joins B only by accepting an invitation.
        var (taken, uniqueness) = await ScimAsync(tokenB, HttpMethod.Post, "/scim/v2/Users", "{\"userName\":\"" + user.GetProperty("userName").GetString() + "\"}");
        Assert.Equal((HttpStatusCode.Conflict, "uniqueness"), (taken, uniqueness.GetProperty("scimType").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await ScimAsync(tokenB, HttpMethod.Delete, $"/scim/v2/Users/{id}")).Status);
        Assert.Equal(0, (await ScimAsync(tokenB, HttpMethod.Get, "/scim/v2/Users")).Body.GetProperty("totalResults").GetInt32());

        var (none, unauthorized) = await ScimAsync(null, HttpMethod.Get, "/scim/v2/Users");
        Assert.Equal((HttpStatusCode.Unauthorized, "401"), (none, unauthorized.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScimAsync("lyss_scim_" + new string('x', 43), HttpMethod.Get, "/scim/v2/Users")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScimAsync(stack.Token(tenantA, "plain-admin", "user:*", "tenant:manage"), HttpMethod.Get, "/scim/v2/Users")).Status);
        var (jwt, listed) = await ScimAsync(stack.Token(tenantA, "provisioner", "scim:provision"), HttpMethod.Get, "/scim/v2/Users");
        Assert.Equal((HttpStatusCode.OK, 1), (jwt, listed.GetProperty("totalResults").GetInt32()));

        foreach (var discovery in new[] { "ServiceProviderConfig", "ResourceTypes", "Schemas" })
        {
            var (ok, body) = await ScimAsync(tokenA, HttpMethod.Get, "/scim/v2/" + discovery);
            Assert.True(ok == HttpStatusCode.OK, $"{discovery}: {body}");
        }
    }

    private async Task<(Guid Tenant, string Token)> NewTenantWithScimTokenAsync()
    {
        var tenant = Guid.NewGuid();
        var owner = new ApiClient(stack.Http, stack.Token(tenant, "scim-owner", "tenant:create", "tenant:manage", "scim:provision"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/tenants", new { id = tenant, name = "SCIM Tenant" })).Status);
        var (_, issued) = await owner.PostAsync($"/api/v1/tenants/{tenant}/scim-tokens", new { name = "idp" });
        return (tenant, issued.GetProperty("key").GetString()!);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ScimAsync(string? token, HttpMethod method, string path, string? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, Media);
        }

        using var response = await stack.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0)
        {
            Assert.Equal(Media, response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
