using System.Text.Json;
using System.Text.Json.Nodes;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Gateway.Users;
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

    // The reasons SCIM writes, so that active=true lifts only what the identity provider set.
    internal const string ScimDeactivation = "scim";
    internal const string ScimLock = "scim: active false";
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
            .WithSummary("The tenant's users: filter (eq ne co sw ew gt ge lt le pr, and/or/not, value paths), startIndex, count (≤ 1000), attributes, excludedAttributes.");
        Describe(scim.MapGet("/Users/{id}", GetUser)).WithName("ScimGetUser").WithSummary("One user of the tenant (404 for anyone else).");
        Describe(scim.MapPost("/Users", CreateUser)).WithName("ScimCreateUser")
            .WithSummary("Provision a user: active, email unverified; an email held in another tenant → 409 uniqueness until that user accepts an invitation.");
        Describe(scim.MapPatch("/Users/{id}", (string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains) =>
                ApplyAsync(id, http, secrets, grains, ScimUserChange.FromPatch))).WithName("ScimPatchUser")
            .WithSummary("Change a user by PatchOp (add/replace/remove; paths with value filters; no-path values): name, email, externalId, active (false deactivates a home user, locks a linked user's membership).");
        Describe(scim.MapPut("/Users/{id}", (string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains) =>
                ApplyAsync(id, http, secrets, grains, ScimUserChange.FromResource))).WithName("ScimReplaceUser")
            .WithSummary("Replace a user's name, email, externalId and active; If-Match with a stale version → 412.");
        Describe(scim.MapDelete("/Users/{id}", DeleteUser)).WithName("ScimDeleteUser")
            .WithSummary("Deprovision: a home user is soft-deleted (then 404), a linked user leaves the tenant.");
        scim.MapScimGroups();
        return app;
    }

    internal static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .Allow(Access.ByScimToken)
        .Produces<JsonElement>(StatusCodes.Status200OK, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status400BadRequest, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status401Unauthorized, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status403Forbidden, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status404NotFound, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status409Conflict, ScimResults.MediaType)
        .Produces<ScimError>(StatusCodes.Status412PreconditionFailed, ScimResults.MediaType);

    private static async Task<IResult> ListUsers(
        HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, string? filter, int? startIndex, int? count, string? attributes, string? excludedAttributes)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        if (filter is { Length: > ScimFilterParser.MaxLength })
        {
            throw new ScimException(400, "invalidFilter", $"A filter is at most {ScimFilterParser.MaxLength} characters.");
        }

        var page = await grains.GetGrain<IScimQueryGrain>(0).ListUsersAsync(actor.TenantId, filter, startIndex ?? 1, Math.Clamp(count ?? DefaultCount, 0, MaxCount));
        var baseUrl = BaseUrl(http);
        var list = ScimDiscovery.List([.. page.Resources.Select(r => ScimProjection.Apply(ScimUsers.FromRow(r, baseUrl), attributes, excludedAttributes))]);
        list["totalResults"] = page.TotalResults;
        list["startIndex"] = page.StartIndex;
        return ScimResults.Json(list);
    }

    private static async Task<IResult> GetUser(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, string? attributes, string? excludedAttributes)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var user = await MemberAsync(grains, id, actor.TenantId);
        var resource = ScimUsers.FromView(user, actor.TenantId, BaseUrl(http));
        http.Response.Headers.ETag = resource["meta"]!["version"]!.GetValue<string>();
        return ScimResults.Json(ScimProjection.Apply(resource, attributes, excludedAttributes));
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

        // Everything that can refuse the user is checked before anyone is created.
        foreach (var (field, value) in (ReadOnlySpan<(string, string?)>)[("userName", fields.UserName), ("externalId", fields.ExternalId)])
        {
            if (value is not null && ExternalIds.Problem(value) is { } problem)
            {
                throw new ScimException(400, "invalidValue", $"{field}: {problem}");
            }
        }

        await RequireUnusedUserNameAsync(grains, actor.TenantId, fields.UserName, null);
        var grain = grains.GetGrain<IUserGrain>(Guid.CreateVersion7());
        // One commit: the user, its membership's external id and (when it is not the email, as Entra's test
        // users have) the identity provider's userName.
        var result = await grain.RegisterAsync(
            new RegisterUserCommand { Email = fields.Email!, Name = fields.Name!, AutoActivate = true, ExternalId = fields.ExternalId, ScimUserName = fields.UserName },
            actor);
        var user = fields.Active == false ? await grain.DeactivateAsync(ScimDeactivation, null, actor) : result.User;
        var resource = ScimUsers.FromView(user, actor.TenantId, BaseUrl(http));
        http.Response.Headers.ETag = resource["meta"]!["version"]!.GetValue<string>();
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> ApplyAsync(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, Func<JsonElement, ScimUserChange> read)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var user = await MemberAsync(grains, id, actor.TenantId);
        RequireOwnerForOwner(http, user);
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } expected && expected != "*"
            && expected != ScimUsers.Version(user.UpdatedAt ?? user.CreatedAt))
        {
            throw new ScimException(StatusCodes.Status412PreconditionFailed, null, "The user changed since that version; read it again.");
        }

        using var body = await ReadBodyAsync(http);
        var change = read(body.RootElement);
        var grain = grains.GetGrain<IUserGrain>(user.Id);
        var home = user.HomeTenantId == actor.TenantId;
        var name = change.NameFor(user.Name) is { } n && n != user.Name ? n : null;
        var email = change.Email is { } e && !e.Equals(user.Email, StringComparison.OrdinalIgnoreCase) ? e : null;
        if (name is not null || email is not null)
        {
            // Identity belongs to the user and the home tenant.
            if (!home)
            {
                throw new ScimException(400, "mutability", "This user's home is another tenant: its name and email are not this tenant's to change.");
            }

            await grain.UpdateAsync(new UpdateUserCommand { Name = name, Email = email }, actor);
        }

        var membership = user.Memberships.First(m => m.TenantId == actor.TenantId);
        if (change.UserName is { } userName && userName != (membership.ScimUserName ?? user.Email))
        {
            await RequireUnusedUserNameAsync(grains, actor.TenantId, userName, user.Id);
            await grain.SetScimUserNameAsync(userName, actor);
        }

        if (change.ExternalId is { } externalId && externalId != (membership.ExternalId ?? ""))
        {
            await grain.SetExternalIdAsync(externalId, actor);
        }

        switch (change.Active)
        {
            case false when home && user.Status == UserStatus.Active:
                await grain.DeactivateAsync(ScimDeactivation, null, actor);
                break;
            case true when home && user.Status == UserStatus.Inactive && user.DeactivationReason == ScimDeactivation:
                // Only SCIM's own deactivation: an admin's, a lock or a ban is not the identity provider's to lift.
                await grain.ActivateAsync(actor);
                break;
            case false when !home && membership.Status != MembershipStatus.Locked:
                await grain.LockMembershipAsync(DateTimeOffset.UtcNow.AddDays(365).AddMinutes(-1), ScimLock, actor);
                break;
            case true when !home && membership.Status == MembershipStatus.Locked && membership.LockReason == ScimLock:
                await grain.UnlockMembershipAsync(actor);
                break;
        }

        var resource = ScimUsers.FromView(await grain.GetAsync() ?? user, actor.TenantId, BaseUrl(http));
        http.Response.Headers.ETag = resource["meta"]!["version"]!.GetValue<string>();
        return ScimResults.Json(resource);
    }

    private static async Task<IResult> DeleteUser(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var user = await MemberAsync(grains, id, actor.TenantId);
        RequireOwnerForOwner(http, user);
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

    /// <summary>
    /// A bearer token acting on an owner must be an owner's (as on the REST routes); the tenant's own
    /// SCIM token speaks for its identity provider, which governs owners too.
    /// </summary>
    private static void RequireOwnerForOwner(HttpContext http, UserView user)
    {
        if (http.Items[CallerMiddleware.ItemKey] is Caller caller)
        {
            caller.DemandOwnerForOwner(user);
        }
    }

    /// <summary>userName is unique in the tenant (case-insensitive, as SCIM compares it): 409 uniqueness when another member has it.</summary>
    private static async Task RequireUnusedUserNameAsync(IGrainFactory grains, Guid tenantId, string userName, Guid? self)
    {
        if (await grains.GetGrain<IScimQueryGrain>(0).IsUserNameTakenAsync(tenantId, userName, self))
        {
            throw new ScimException(409, "uniqueness", "Another user of the tenant has this userName.");
        }
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

    internal static async Task<JsonDocument> ReadBodyAsync(HttpContext http)
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

    internal static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/scim/v2";
}
