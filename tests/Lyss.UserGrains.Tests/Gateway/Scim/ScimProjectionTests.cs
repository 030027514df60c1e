using System.Text.Json.Nodes;
using Lyss.UserGrains.Gateway.Scim;

namespace Lyss.UserGrains.Tests.Gateway.Scim;

/// <summary>attributes and excludedAttributes (RFC 7644 §3.4.2.5) over a resource; id and schemas always stay.</summary>
public sealed class ScimProjectionTests
{
    private static JsonObject User() => JsonNode.Parse("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","externalId":"e","userName":"u@example.com",
         "name":{"formatted":"A B"},"displayName":"A B","emails":[{"value":"u@example.com"}],"active":true,"meta":{"version":"W/\"1\"","resourceType":"User"}}
        """)!.AsObject();

    [Theory]
    [InlineData("userName", null, "id,schemas,userName")]
    [InlineData("UserName,urn:ietf:params:scim:schemas:core:2.0:User:displayName", null, "displayName,id,schemas,userName")]
    [InlineData(null, "emails,meta", "active,displayName,externalId,id,name,schemas,userName")]
    [InlineData(null, "id,schemas", "active,displayName,emails,externalId,id,meta,name,schemas,userName")]
    [InlineData("name.formatted,active", null, "active,id,name,schemas")]
    public void Keeps_what_is_asked_and_always_id_and_schemas(string? attributes, string? excluded, string kept) =>
        Assert.Equal(kept, string.Join(',', ScimProjection.Apply(User(), attributes, excluded).Select(p => p.Key).Order(StringComparer.Ordinal)));

    [Fact]
    public void A_sub_attribute_can_be_excluded_alone() =>
        Assert.Equal("resourceType", string.Join(',', ScimProjection.Apply(User(), null, "meta.version")["meta"]!.AsObject().Select(p => p.Key)));
}
