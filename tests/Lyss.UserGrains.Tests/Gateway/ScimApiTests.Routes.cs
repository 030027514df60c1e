using System.Net;
using System.Text.Json;

namespace Lyss.UserGrains.Tests.Gateway;

public sealed partial class ScimApiTests
{
    /// <summary>
    /// Every /scim/v2 operation of the OpenAPI document (so a new route is covered when it is mapped),
    /// called by whoever may not: nobody, an unknown SCIM token, a tenant admin's JWT without
    /// scim:provision, and another tenant's SCIM token naming this tenant's user and group.
    /// </summary>
    [Fact]
    public async Task Every_scim_route_refuses_anonymous_callers_tokens_without_the_permission_and_other_tenants()
    {
        var (tenantA, tokenA) = await NewTenantWithScimTokenAsync();
        var (_, tokenB) = await NewTenantWithScimTokenAsync();
        var (_, user) = await ScimAsync(tokenA, HttpMethod.Post, "/scim/v2/Users", $$"""{"userName":"guard.{{Guid.NewGuid():N}}@example.com"}""");
        var (_, group) = await ScimAsync(tokenA, HttpMethod.Post, "/scim/v2/Groups", $$"""{"displayName":"Guarded {{Guid.NewGuid():N}}"}""");
        var ids = new Dictionary<string, string>
        {
            ["/scim/v2/Users/{id}"] = user.GetProperty("id").GetString()!,
            ["/scim/v2/Groups/{id}"] = group.GetProperty("id").GetString()!,
        };

        using var document = JsonDocument.Parse(await stack.Http.GetStringAsync("/openapi/v1.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/scim/v2/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Template: p.Name, Method: new HttpMethod(m.Name.ToUpperInvariant()))))
            .ToList();
        Assert.Equal(15, operations.Count);

        var adminWithoutScim = stack.Token(tenantA, "guard-admin", "user:*", "tenant:manage", "admin:read");
        var wrong = new List<string>();
        foreach (var (template, method) in operations)
        {
            var path = ids.TryGetValue(template, out var id) ? template.Replace("{id}", id, StringComparison.Ordinal) : template;
            var body = method == HttpMethod.Get || method == HttpMethod.Delete ? null : """{"schemas":[],"Operations":[]}""";
            Expect(await ScimAsync(null, method, path, body), HttpStatusCode.Unauthorized, $"{method} {template} without a token");
            Expect(await ScimAsync("lyss_scim_" + new string('q', 43), method, path, body), HttpStatusCode.Unauthorized, $"{method} {template} with an unknown token");
            Expect(await ScimAsync(adminWithoutScim, method, path, body), HttpStatusCode.Forbidden, $"{method} {template} with a JWT without scim:provision");
            if (template.EndsWith("{id}", StringComparison.Ordinal))
            {
                Expect(await ScimAsync(tokenB, method, path, body), HttpStatusCode.NotFound, $"{method} {template} with another tenant's token");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // Nothing of tenant A moved.
        Assert.Equal(HttpStatusCode.OK, (await ScimAsync(tokenA, HttpMethod.Get, "/scim/v2/Users/" + ids["/scim/v2/Users/{id}"])).Status);
        Assert.Equal(HttpStatusCode.OK, (await ScimAsync(tokenA, HttpMethod.Get, "/scim/v2/Groups/" + ids["/scim/v2/Groups/{id}"])).Status);

        void Expect((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode expected, string what)
        {
            if (answer.Status != expected)
            {
                wrong.Add($"{what}: {(int)answer.Status}, expected {(int)expected}");
            }
        }
    }
}
