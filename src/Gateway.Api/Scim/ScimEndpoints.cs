using System.Text.Json;
using System.Text.Json.Nodes;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Scim;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>
/// SCIM 2.0 (RFC 7643/7644) under <c>/scim/v2</c> for a tenant's identity provider (docs/scim.md): the
/// tenant comes from the token; answers are <c>application/scim+json</c>, errors in SCIM's shape.
/// </summary>
public static class ScimEndpoints
{
    public const int MaxCount = 1000;
    private const int DefaultCount = 100;

    public static IEndpointRouteBuilder MapScimEndpoints(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup("/scim/v2").WithTags("SCIM").AllowAnonymous().DisableAntiforgery().AddEndpointFilter<ScimErrorFilter>();
        Describe(scim.MapGet("/ServiceProviderConfig", async (HttpContext http, WriteKeyResolver secrets) =>
        {
            await ScimCaller.AuthenticateAsync(http, secrets);
            return ScimResults.Json(ScimDiscovery.ServiceProviderConfig(BaseUrl(http)));
        })).WithName("ScimServiceProviderConfig").WithSummary("What this SCIM service supports: PATCH, filters, ETags; no bulk, sort or password change.");
        Describe(scim.MapGet("/ResourceTypes", async (HttpContext http, WriteKeyResolver secrets) =>
        {
            await ScimCaller.AuthenticateAsync(http, secrets);
            return ScimResults.Json(ScimDiscovery.ResourceTypes(BaseUrl(http)));
        })).WithName("ScimResourceTypes").WithSummary("User (with the enterprise extension) and Group.");
        Describe(scim.MapGet("/Schemas", async (HttpContext http, WriteKeyResolver secrets) =>
        {
            await ScimCaller.AuthenticateAsync(http, secrets);
            return ScimResults.Json(ScimDiscovery.Schemas(BaseUrl(http)));
        })).WithName("ScimSchemas").WithSummary("The core User, enterprise User and Group schemas.");
        Describe(scim.MapGet("/Users", ListUsers)).WithName("ScimListUsers")
            .WithSummary("The tenant's users: filter (eq ne co sw ew gt ge lt le pr, and/or/not, value paths), startIndex, count (≤ 1000).");
        Describe(scim.MapGet("/Users/{id}", GetUser)).WithName("ScimGetUser").WithSummary("One user of the tenant (404 for anyone else).");
        Describe(scim.MapPost("/Users", CreateUser)).WithName("ScimCreateUser")
            .WithSummary("Provision a user: active, email unverified; an email held in another tenant → 409 uniqueness until that user accepts an invitation.");
        Describe(scim.MapDelete("/Users/{id}", DeleteUser)).WithName("ScimDeleteUser")
            .WithSummary("Deprovision: a home user is soft-deleted (then 404), a linked user leaves the tenant.");
        return app;
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .Allow(Access.ByScimToken)
        .Produces<JsonElement>(StatusCodes.Status200OK, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status400BadRequest, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status401Unauthorized, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status403Forbidden, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status404NotFound, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status409Conflict, ScimResults.MediaType);

    private static async Task<IResult> ListUsers(HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, string? filter, int? startIndex, int? count)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        if (filter is { Length: > ScimFilterParser.MaxLength })
        {
            throw new ScimException(400, "invalidFilter", $"A filter is at most {ScimFilterParser.MaxLength} characters.");
        }

        var page = await grains.GetGrain<IScimQueryGrain>(0).ListUsersAsync(actor.TenantId, filter, startIndex ?? 1, Math.Clamp(count ?? DefaultCount, 0, MaxCount));
        var baseUrl = BaseUrl(http);
        var list = ScimDiscovery.List([.. page.Resources.Select(r => ScimUsers.FromRow(r, baseUrl))]);
        list["totalResults"] = page.TotalResults;
        list["startIndex"] = page.StartIndex;
        return ScimResults.Json(list);
    }

    private static async Task<IResult> GetUser(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var user = await MemberAsync(grains, id, actor.TenantId);
        var resource = ScimUsers.FromView(user, actor.TenantId, BaseUrl(http));
        http.Response.Headers.ETag = resource["meta"]!["version"]!.GetValue<string>();
        return ScimResults.Json(resource);
    }

    private static async Task<IResult> CreateUser(HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        using var body = await ReadBodyAsync(http);
        var fields = ScimUserFields.Read(body.RootElement);
        if (fields.UserName is null)
        {
            throw new ScimException(400, "invalidValue", "userName is required.");
        }

        // A taken external id is refused before anyone is created.
        if (fields.ExternalId is { } externalId
            && await grains.GetGrain<IExternalIdGrain>(ExternalIds.IndexKey(actor.TenantId, externalId)).GetOwnerAsync() is not null)
        {
            throw new ScimException(409, "uniqueness", "Another user of the tenant has this externalId.");
        }

        var grain = grains.GetGrain<IUserGrain>(Guid.CreateVersion7());
        var result = await grain.RegisterAsync(new RegisterUserCommand { Email = fields.Email!, Name = fields.Name!, AutoActivate = true }, actor);
        if (fields.ExternalId is { } id)
        {
            await grain.SetExternalIdAsync(id, actor);
        }

        var user = fields.Active == false ? await grain.DeactivateAsync("scim", null, actor) : result.User;
        user = await grain.GetAsync() ?? user;
        var resource = ScimUsers.FromView(user, actor.TenantId, BaseUrl(http));
        http.Response.Headers.ETag = resource["meta"]!["version"]!.GetValue<string>();
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> DeleteUser(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var user = await MemberAsync(grains, id, actor.TenantId);
        var grain = grains.GetGrain<IUserGrain>(user.Id);
        if (user.HomeTenantId == actor.TenantId)
        {
            await grain.DeleteAsync(DeleteType.Soft, actor);
        }
        else
        {
            await grain.UnlinkTenantAsync(actor);
        }

        return Results.NoContent();
    }

    /// <summary>The user the id names, if it is a member of the tenant and not deleted; else 404 (no probing other tenants).</summary>
    private static async Task<UserView> MemberAsync(IGrainFactory grains, string id, Guid tenantId)
    {
        if (Guid.TryParse(id, out var userId) && await grains.GetGrain<IUserGrain>(userId).GetAsync() is { } user
            && user.Memberships.Any(m => m.TenantId == tenantId) && user.Status is not (UserStatus.Deleted or UserStatus.Anonymized))
        {
            return user;
        }

        throw new ScimException(404, null, $"User {id} not found.");
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext http)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(http.Request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new ScimException(400, "invalidSyntax", "The body is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ScimException(400, "invalidSyntax", "The body is not valid JSON: " + e.Message);
        }
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/scim/v2";
}
