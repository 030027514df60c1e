using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>SCIM answers: <c>application/scim+json</c>, camelCase as the schemas name the attributes.</summary>
public static class ScimResults
{
    public const string MediaType = "application/scim+json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK, string? location = null) =>
        new ScimResult(body.ToJsonString(Options), status, location);

    public static IResult Error(int status, string? scimType, string detail) =>
        new ScimResult(JsonSerializer.Serialize(ScimError.Of(status, scimType, detail), Options), status, null);

    private sealed class ScimResult(string json, int status, string? location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = MediaType;
            if (location is not null)
            {
                http.Response.Headers.Location = location;
            }

            return http.Response.WriteAsync(json);
        }
    }
}
