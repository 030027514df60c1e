using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Invitations;
using Lyss.UserGrains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lyss.UserGrains.Gateway.Invitations;

public static class InvitationsEndpoints
{
    public static RouteGroupBuilder MapInvitationsEndpoints(this RouteGroupBuilder api)
    {
        var invitations = api.MapGroup("/invitations").WithTags("Invitations");
        invitations.MapPost("/", Create).WithName("CreateInvitation").Allow(Access.To(Permissions.InvitationCreate))
            .WithSummary("Invite someone into a tenant with a role the caller may grant.");
        invitations.MapGet("/", List).WithName("ListInvitations").Allow(Access.To(Permissions.InvitationCreate)).WithSummary("Invitations of the caller's tenant, by status and inviter.");
        invitations.MapPost("/{code}/cancel", Cancel).WithName("CancelInvitation").Allow(Access.To(Permissions.InvitationCreate)).WithSummary("Cancel a pending invitation.");
        invitations.MapPost("/{code}/resend", Resend).WithName("ResendInvitation").Allow(Access.To(Permissions.InvitationCreate)).WithSummary("A new expiry, same code.");

        // The code is the secret: looking it up and accepting need no token.
        var open = api.MapGroup("/invitations").WithTags("Invitations");
        open.MapGet("/{code}", Lookup).WithName("LookUpInvitation").Allow(Access.Public).WithSummary("Tenant name, role, expiry and status of an invitation.");
        open.MapPost("/{code}/accept", Accept).WithName("AcceptInvitation").ProducesProblemOf(StatusCodes.Status410Gone).Allow(Access.Public)
            .WithSummary("Register (no token; only an email no user holds) or join as the signed-in invitee (its own token).");
        return invitations;
    }

    private static async Task<Created<InvitationResponse>> Create(CreateInvitationRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var tenant = body.TenantId ?? caller.TenantId;
        if (tenant != caller.TenantId && !caller.IsPlatformOperator)
        {
            throw NotFoundException.Tenant(tenant);
        }

        if (body.ExpiresInDays is < 1 or > 30)
        {
            throw new ValidationException("expires_in_days", "1 to 30 days.");
        }

        await caller.RequireMayGrantAsync(grains, tenant, body.Role);
        var code = InvitationCodes.New();
        var view = await grains.GetGrain<IInvitationGrain>(code).CreateAsync(
            new CreateInvitationCommand { InviteeEmail = body.InviteeEmail ?? "", Role = body.Role ?? "", ExpiresIn = TimeSpan.FromDays(body.ExpiresInDays ?? 7) },
            http.ActorOf(caller) with { TenantId = tenant });
        return TypedResults.Created($"/api/v1/invitations/{code}", InvitationResponse.From(view));
    }

    private static async Task<Ok<InvitationListResponse>> List(HttpContext http, IGrainFactory grains, string? status, string? invited_by, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        InvitationStatus? filter = status is null ? null
            : Enum.TryParse<InvitationStatus>(status, true, out var s) && !int.TryParse(status, out _) ? s
            : throw new ValidationException("status", "Expected pending, accepted, expired or cancelled.");
        var page = await grains.GetGrain<IInvitationQueryGrain>(0).ListAsync(caller.TenantId, new InvitationListQuery { Status = filter, InvitedBy = invited_by, Limit = take, Offset = skip });
        return TypedResults.Ok(new InvitationListResponse([.. page.Items.Select(InvitationResponse.From)], page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Ok<InvitationResponse>> Cancel(string code, HttpContext http, IGrainFactory grains)
    {
        var (grain, caller) = await OwnInvitationAsync(code, http, grains);
        return TypedResults.Ok(InvitationResponse.From(await grain.CancelAsync(http.ActorOf(caller))));
    }

    private static async Task<Ok<InvitationResponse>> Resend(string code, [FromBody] ResendInvitationRequest? body, HttpContext http, IGrainFactory grains)
    {
        var (grain, caller) = await OwnInvitationAsync(code, http, grains);
        return TypedResults.Ok(InvitationResponse.From(await grain.ResendAsync(body?.ExpiresInDays, http.ActorOf(caller))));
    }

    private static async Task<Ok<InvitationLookupResponse>> Lookup(string code, IGrainFactory grains)
    {
        var view = InvitationCodes.LooksValid(code) ? await grains.GetGrain<IInvitationGrain>(code).GetAsync() : null;
        return view is null
            ? throw NotFound()
            : TypedResults.Ok(new InvitationLookupResponse(view.TenantId, view.TenantName, view.Role, view.Status, view.ExpiresAt));
    }

    private static async Task<Ok<AcceptResult>> Accept(string code, [FromBody] AcceptInvitationRequest? body, HttpContext http, IGrainFactory grains)
    {
        if (!InvitationCodes.LooksValid(code))
        {
            throw NotFound();
        }

        // With a token of an active user, that user joins; without one, the body says who registers.
        var caller = http.Items[CallerMiddleware.ItemKey] as Caller;
        var command = caller?.IsUser == true
            ? new AcceptInvitationCommand { UserId = caller.UserId, Proof = body?.Proof }
            : new AcceptInvitationCommand { Email = body?.Email, Name = body?.Name, Phone = body?.Phone, Proof = body?.Proof };
        var actor = caller is not null ? http.ActorOf(caller) : http.AnonymousActor(Guid.Empty, Guid.Empty) with { Actor = "invitee" };
        return TypedResults.Ok(await grains.GetGrain<IInvitationGrain>(code).AcceptAsync(command, actor));
    }

    private static async Task<(IInvitationGrain Grain, Caller Caller)> OwnInvitationAsync(string code, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var grain = grains.GetGrain<IInvitationGrain>(code);
        var view = InvitationCodes.LooksValid(code) ? await grain.GetAsync() : null;
        if (view is null || (view.TenantId != caller.TenantId && !caller.IsPlatformOperator))
        {
            throw NotFound();
        }

        return (grain, caller);
    }

    private static NotFoundException NotFound() => new("Invitation not found.") { Code = "invitation_not_found" };
}
