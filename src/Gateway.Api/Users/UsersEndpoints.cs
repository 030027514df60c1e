using System.Text.Json;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.OpenApi;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Gateway.Common;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lyss.UserGrains.Gateway.Users;

public static class UsersEndpoints
{
    private const int MaxBulk = 100;

    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder api, bool exposeVerificationTokens)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapPost("/", (CreateUserRequest body, HttpContext http, IGrainFactory grains) => CreateUser(body, http, grains, exposeVerificationTokens)).WithName("CreateUser")
            .Allow(Access.To(Permissions.UserCreate))
            .WithSummary("Register a user in the caller's tenant (an email held in another tenant: 409, invite them).");
        users.MapGet("/", ListUsers).WithName("ListUsers").Allow(Access.To(Permissions.UserRead)).WithSummary("Users of the caller's tenant.");
        users.MapGet("/{id:guid}", GetUser).Allow(Access.User(Permissions.UserRead).OrSelf())
            .WithName("GetUser").WithSummary("A user of the caller's tenant.");
        users.MapPut("/{id:guid}", (Guid id, UpdateUserRequest body, HttpContext http, IGrainFactory grains) => UpdateUser(id, body, http, grains, exposeVerificationTokens)).WithName("UpdateUser")
            .Allow(Access.User(Permissions.UserUpdate).OrSelf().Home().OwnersByOwners())
            .WithSummary("Change name, phone, avatar_url, bio or email.");
        users.MapDelete("/{id:guid}", DeleteUser).WithName("DeleteUser").Allow(Access.User(Permissions.UserDelete).OrSelf().OwnersByOwners())
            .WithSummary("Soft delete (204), anonymize or hard delete (200 with the erasure receipt) by delete_type; a user may erase themself; from a tenant the user only joined, removes that membership.");
        users.MapPost("/{id:guid}/activate", (Guid id, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.ActivateAsync(actor))).WithName("ActivateUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Activate a pending or inactive user (the home tenant's user:manage).");
        users.MapPost("/{id:guid}/deactivate", (Guid id, [FromBody] DeactivateRequest? body, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.DeactivateAsync(body?.Reason, body?.Until, actor))).WithName("DeactivateUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Deactivate a user, with a reason and optionally until a time.");
        users.MapPost("/{id:guid}/lock", (Guid id, [FromBody] LockRequest? body, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.LockAsync(
                body?.Until ?? throw new ValidationException("until", "Required."), body.Reason, actor))).WithName("LockUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Lock a user until a time (required); lifted then by itself.");
        users.MapPost("/{id:guid}/unlock", (Guid id, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.UnlockAsync(actor))).WithName("UnlockUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Lift a lock now.");
        users.MapPost("/{id:guid}/ban", (Guid id, [FromBody] ReasonRequest? body, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.BanAsync(body?.Reason, actor))).WithName("BanUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Ban a user: its tokens are refused everywhere until it is unbanned.");
        users.MapPost("/{id:guid}/unban", (Guid id, [FromBody] ReasonRequest? body, HttpContext http, IGrainFactory grains) =>
            Command(id, http, grains, (user, actor) => user.UnbanAsync(body?.Reason, actor))).WithName("UnbanUser")
            .Allow(Access.User(Permissions.UserManage).Home().OwnersByOwners())
            .WithSummary("Lift a ban: the user is active again (409 unless banned).");
        users.MapPost("/bulk/deactivate", (BulkRequest body, HttpContext http, IGrainFactory grains) =>
            Bulk(body, http, grains, (user, actor) => user.DeactivateAsync(body.Reason, null, actor))).WithName("BulkDeactivateUsers")
            .Allow(Access.To(Permissions.UserManage))
            .WithSummary("Deactivate up to 100 users; each id answers for itself.");
        users.MapPost("/bulk/activate", (BulkRequest body, HttpContext http, IGrainFactory grains) =>
            Bulk(body, http, grains, (user, actor) => user.ActivateAsync(actor))).WithName("BulkActivateUsers")
            .Allow(Access.To(Permissions.UserManage))
            .WithSummary("Activate up to 100 users; each id answers for itself.");
        users.MapGet("/{id:guid}/events", ListEvents).WithName("ListUserEvents").Allow(Access.User(Permissions.UserRead).OrSelf())
            .WithSummary("The audit trail of a user, in the caller's tenant.");
        users.MapGet("/{id:guid}/presence", GetPresence).WithName("GetPresence").Allow(Access.User(Permissions.UserRead).OrSelf().Home())
            .WithSummary("Online status and last seen, as privacy.show_presence allows.");
        users.MapGet("/{id:guid}/avatar", GetAvatar).WithName("GetAvatar").Produces<string>(StatusCodes.Status200OK, "image/svg+xml").Produces(StatusCodes.Status302Found).Allow(Access.User(Permissions.UserRead).OrSelf())
            .WithSummary("The avatar URL, or a generated SVG.");
        users.MapGet("/{id:guid}/profile", GetProfile).WithName("GetProfile").Allow(Access.User(Permissions.UserRead).OrSelf())
            .WithSummary("The profile, as privacy.profile_visibility allows (tenant: the home tenant; public: every tenant of the user; private: the user and its managers).");
        users.MapPut("/{id:guid}/profile", UpdateProfile).WithName("UpdateProfile").Allow(Access.User(Permissions.UserUpdate).OrSelf().Home())
            .WithSummary("Update the profile's display name, bio, location, time zone, language and tags.");
        users.MapGet("/{id:guid}/preferences", GetPreferences).WithName("GetPreferences").Allow(Access.User(Permissions.UserRead).OrSelf().Home())
            .WithSummary("The user's preferences by category, defaults filled in.");
        users.MapPut("/{id:guid}/preferences", (Guid id, Dictionary<string, Dictionary<string, JsonElement>> body, HttpContext http, IGrainFactory grains) =>
            SetPreferences(id, body, replace: true, http, grains)).WithName("ReplacePreferences")
            .Allow(Access.User(Permissions.UserUpdate).OrSelf().Home())
            .WithSummary("Replace whole categories.");
        users.MapPatch("/{id:guid}/preferences", (Guid id, Dictionary<string, Dictionary<string, JsonElement>> body, HttpContext http, IGrainFactory grains) =>
            SetPreferences(id, body, replace: false, http, grains)).WithName("UpdatePreferences")
            .Allow(Access.User(Permissions.UserUpdate).OrSelf().Home())
            .WithSummary("Merge keys into categories.");

        // The token in the body is the secret: these need no bearer token.
        var verification = api.MapGroup("/users").WithTags("Users");
        verification.MapPost("/{id:guid}/verify-email", (Guid id, VerifyRequest body, HttpContext http, IGrainFactory grains) =>
            Verify(id, body, http, grains, (user, token, actor) => user.VerifyEmailAsync(token, actor))).WithName("VerifyEmail").ProducesProblemOf(StatusCodes.Status410Gone)
            .Allow(Access.Public)
            .WithSummary("Verify the email with the code sent to it; a pending user becomes active.");
        verification.MapPost("/{id:guid}/verify-phone", (Guid id, VerifyRequest body, HttpContext http, IGrainFactory grains) =>
            Verify(id, body, http, grains, (user, token, actor) => user.VerifyPhoneAsync(token, actor))).WithName("VerifyPhone").ProducesProblemOf(StatusCodes.Status410Gone)
            .Allow(Access.Public)
            .WithSummary("Verify the phone with the code sent to it.");
        verification.MapPost("/{id:guid}/verification/resend", (Guid id, ResendRequest body, HttpContext http, IGrainFactory grains) =>
            ResendVerification(id, body, http, grains, exposeVerificationTokens)).WithName("ResendVerification")
            .ProducesProblemOf(StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests)
            .Allow(Access.Public)
            .WithSummary("Send a new email or phone code, voiding the last (anonymous: always 202; the user's own token or the home tenant's user:manage: 409 when verified, 429 when sent within a minute or five times an hour).");
        return users;
    }

    private static async Task<Created<UserResponse>> CreateUser(CreateUserRequest body, HttpContext http, IGrainFactory grains, bool expose)
    {
        var caller = http.GetCaller();
        if (body.AutoActivate == true && !caller.Has(Permissions.UserManage))
        {
            throw new ForbiddenException(Permissions.UserManage);
        }

        if (body.Role is not null)
        {
            await caller.RequireMayGrantAsync(grains, caller.TenantId, body.Role);
        }

        var result = await grains.GetGrain<IUserGrain>(Guid.CreateVersion7()).RegisterAsync(
            new RegisterUserCommand
            {
                Email = body.Email ?? "",
                Name = body.Name ?? "",
                Phone = body.Phone,
                AvatarUrl = body.AvatarUrl,
                Bio = body.Bio,
                AutoActivate = body.AutoActivate,
                Role = body.Role,
            },
            http.ActorOf(caller));
        var response = UserResponse.For(result.User, caller) with
        {
            RequiresVerification = result.RequiresVerification,
            Verification = expose && (result.EmailVerificationToken ?? result.PhoneVerificationToken) is not null
                ? new VerificationSecrets(result.EmailVerificationToken, result.PhoneVerificationToken)
                : null,
        };
        return TypedResults.Created($"/api/v1/users/{result.User.Id}", response);
    }

    private static async Task<Ok<UserListResponse>> ListUsers(
        HttpContext http, IGrainFactory grains, string? query, string? status, int? limit, int? offset, string? sort_by, string? sort_order)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var errors = new FieldErrors();
        UserStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<UserStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", "Expected one of " + string.Join(", ", Enum.GetNames<UserStatus>().Select(n => n.ToLowerInvariant())) + ".");
            }
        }

        var sort = sort_by switch
        {
            null or "created_at" => UserSortField.CreatedAt,
            "name" => UserSortField.Name,
            "email" => UserSortField.Email,
            "last_login_at" => UserSortField.LastLoginAt,
            _ => (UserSortField?)null,
        };
        if (sort is null)
        {
            errors.Add("sort_by", "Expected created_at, name, email or last_login_at.");
        }

        if (sort_order is not (null or "asc" or "desc"))
        {
            errors.Add("sort_order", "Expected asc or desc.");
        }

        if (query is { Length: > 100 })
        {
            errors.Add("query", "At most 100 characters.");
        }

        errors.ThrowIfAny();

        var page = await grains.GetGrain<IUserQueryGrain>(0).ListUsersAsync(caller.TenantId, new UserListQuery
        {
            Query = query,
            Status = statusFilter,
            Limit = take,
            Offset = skip,
            SortBy = sort!.Value,
            Descending = sort_order != "asc",
        });
        return TypedResults.Ok(new UserListResponse([.. page.Items.Select(UserListItemResponse.From)], page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Ok<UserResponse>> GetUser(Guid id, HttpContext http, IGrainFactory grains, bool? include_profile, bool? include_activity)
    {
        var caller = http.GetCaller();
        var user = http.TargetUser();
        var grain = grains.GetGrain<IUserGrain>(id);
        return TypedResults.Ok(UserResponse.For(user, caller) with
        {
            Profile = include_profile == true && caller.MaySeeProfile(user) && await grain.GetProfileAsync() is { } profile ? ForTenant(profile, user, caller) : null,
            Activity = include_activity == true ? (caller.SeesPresence(user) ? await grain.GetPresenceAsync() : PresenceView.HiddenPresence) : null,
        });
    }

    private static async Task<Ok<UserResponse>> UpdateUser(Guid id, UpdateUserRequest body, HttpContext http, IGrainFactory grains, bool expose)
    {
        var caller = http.GetCaller();
        var result = await grains.GetGrain<IUserGrain>(id).UpdateAsync(
            new UpdateUserCommand { Name = body.Name, Phone = body.Phone, AvatarUrl = body.AvatarUrl, Bio = body.Bio, Email = body.Email },
            http.ActorOf(caller));
        return TypedResults.Ok(UserResponse.For(result.User, caller) with
        {
            Verification = expose && (result.EmailVerificationToken ?? result.PhoneVerificationToken) is not null
                ? new VerificationSecrets(result.EmailVerificationToken, result.PhoneVerificationToken)
                : null,
        });
    }

    private static async Task<Results<NoContent, Ok<Lyss.UserGrains.Privacy.ErasureReceipt>>> DeleteUser(
        Guid id, HttpContext http, IGrainFactory grains, CallerResolver resolver, string? delete_type)
    {
        var caller = http.GetCaller();
        var type = delete_type switch
        {
            null or "soft" => DeleteType.Soft,
            "anonymize" => DeleteType.Anonymize,
            "hard" => DeleteType.Hard,
            _ => throw new ValidationException("delete_type", "Expected soft, hard or anonymize."),
        };
        var user = http.TargetUser();
        var grain = grains.GetGrain<IUserGrain>(id);
        if (!caller.IsPlatformOperator && !caller.IsSelf(id) && user.HomeTenantId != caller.TenantId)
        {
            // From a tenant the user only joined, delete ends that membership and nothing else.
            await grain.UnlinkTenantAsync(http.ActorOf(caller));
        }
        else if (type != DeleteType.Soft)
        {
            var receipt = await grain.EraseAsync(type, http.ActorOf(caller));
            resolver.Forget(id, caller.TenantId);
            return TypedResults.Ok(receipt);
        }
        else
        {
            await grain.DeleteAsync(type, http.ActorOf(caller));
        }

        resolver.Forget(id, caller.TenantId);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserResponse>> Command(
        Guid id, HttpContext http, IGrainFactory grains, Func<IUserGrain, ActorContext, Task<UserView>> command)
    {
        var caller = http.GetCaller();
        var changed = await command(grains.GetGrain<IUserGrain>(id), http.ActorOf(caller));
        http.RequestServices.GetRequiredService<CallerResolver>().Forget(id, caller.TenantId);
        return TypedResults.Ok(UserResponse.For(changed, caller));
    }

    private static async Task<Ok<BulkResponse>> Bulk(
        BulkRequest body, HttpContext http, IGrainFactory grains, Func<IUserGrain, ActorContext, Task<UserView>> command)
    {
        var caller = http.GetCaller();
        var ids = body.UserIds ?? throw new ValidationException("user_ids", "Required.");
        if (ids.Count is 0 or > MaxBulk || ids.Distinct().Count() != ids.Count)
        {
            throw new ValidationException("user_ids", $"1 to {MaxBulk} distinct ids.");
        }

        var resolver = http.RequestServices.GetRequiredService<CallerResolver>();
        var results = new List<BulkItemResult>(ids.Count);
        foreach (var id in ids)
        {
            try
            {
                var user = await grains.VisibleUserAsync(id, caller);
                caller.DemandHomeTenant(user);
                caller.DemandOwnerForOwner(user);
                var changed = await command(grains.GetGrain<IUserGrain>(id), http.ActorOf(caller));
                resolver.Forget(id, caller.TenantId);
                results.Add(new BulkItemResult(id, WireName.Of(changed.Status), null, null));
            }
            catch (DomainException e)
            {
                results.Add(new BulkItemResult(id, "error", e.Code, e.Message));
            }
            catch (ForbiddenException e)
            {
                results.Add(new BulkItemResult(id, "error", e.Code, e.Message));
            }
        }

        var failed = results.Count(r => r.Status == "error");
        return TypedResults.Ok(new BulkResponse(results.Count - failed, failed, results));
    }

    private static async Task<Ok<UserResponse>> Verify(
        Guid id, VerifyRequest body, HttpContext http, IGrainFactory grains, Func<IUserGrain, string, ActorContext, Task<UserView>> verify)
    {
        if (string.IsNullOrWhiteSpace(body.Token) || body.Token.Length > 200)
        {
            throw new ValidationException("token", "Required, at most 200 characters.");
        }

        var grain = grains.GetGrain<IUserGrain>(id);
        // An unknown id answers as a wrong code does: like the resend, verification tells nobody who exists.
        var user = await grain.GetAsync() ?? throw new ValidationException("token", "The token is not valid.");
        var verified = await verify(grain, body.Token, http.AnonymousActor(id, user.HomeTenantId));
        return TypedResults.Ok(UserResponse.From(verified, verified.HomeTenantId));
    }

    private static async Task<Accepted<ResendResponse>> ResendVerification(Guid id, ResendRequest body, HttpContext http, IGrainFactory grains, bool expose)
    {
        if (body.Channel is not { } channel)
        {
            throw new ValidationException("channel", "Required: email or phone.");
        }

        var grain = grains.GetGrain<IUserGrain>(id);
        if (http.Items[CallerMiddleware.ItemKey] is not Caller caller)
        {
            // Anonymous: answered before anything is looked up, the same whoever the id names, so the
            // answer (and its timing) tells nobody whether the user exists or what is verified.
            var actor = http.AnonymousActor(id, Guid.Empty);
            var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UsersEndpoints));
            _ = Task.Run(async () =>
            {
                try
                {
                    if (await grain.GetAsync() is { } user)
                    {
                        await grain.ResendVerificationAsync(channel, actor with { TenantId = user.HomeTenantId });
                    }
                }
                catch (DomainException)
                {
                    // Verified, sent too often, no phone: nothing to send, and nothing to tell.
                }
                catch (Exception e)
                {
                    UserEndpointLog.ResendFailed(log, e, id);
                }
            });
            return TypedResults.Accepted((string?)null, new ResendResponse("accepted", null));
        }

        var target = await grain.GetAsync();
        if (target is null || !(caller.IsSelf(id) || caller.IsPlatformOperator || target.Memberships.Any(m => m.TenantId == caller.TenantId)))
        {
            throw NotFoundException.User(id);
        }

        if (!caller.IsSelf(id) && !caller.IsPlatformOperator && !(caller.Has(Permissions.UserManage) && target.HomeTenantId == caller.TenantId))
        {
            throw new ForbiddenException(Permissions.UserManage);
        }

        var code = await grain.ResendVerificationAsync(channel, http.ActorOf(caller));
        var secrets = !expose ? null : channel == VerificationChannel.Email ? new VerificationSecrets(code, null) : new VerificationSecrets(null, code);
        return TypedResults.Accepted((string?)null, new ResendResponse("accepted", secrets));
    }

    private static async Task<Ok<EventListResponse>> ListEvents(Guid id, HttpContext http, IGrainFactory grains, int? limit, int? offset)
    {
        var caller = http.GetCaller();
        var (take, skip) = Paging.Validate(limit, offset);
        var page = await grains.GetGrain<IUserQueryGrain>(0).ListEventsAsync(id, caller.IsPlatformOperator ? null : caller.TenantId, take, skip);
        var events = page.Items.Select(e => new EventResponse(
            e.Id, e.EventType, e.TenantId, e.Actor, JsonDocument.Parse(e.Data).RootElement.Clone(), e.IpAddress, e.UserAgent, e.CreatedAt)).ToList();
        return TypedResults.Ok(new EventListResponse(events, page.Total, page.Limit, page.Offset, page.HasMore));
    }

    private static async Task<Ok<PresenceView>> GetPresence(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var user = http.TargetUser();
        return TypedResults.Ok(caller.SeesPresence(user)
            ? await grains.GetGrain<IUserGrain>(id).GetPresenceAsync() ?? throw NotFoundException.User(id)
            : PresenceView.HiddenPresence);
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> GetAvatar(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var user = http.TargetUser();
        return user.AvatarUrl is { } url
            ? TypedResults.Redirect(url)
            : TypedResults.Text(DefaultAvatar.Svg(id), "image/svg+xml");
    }

    private static async Task<Ok<UserProfile>> GetProfile(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var user = http.TargetUser();
        caller.DemandProfileVisible(user);
        return TypedResults.Ok(ForTenant(await grains.GetGrain<IUserGrain>(id).GetProfileAsync() ?? throw NotFoundException.User(id), user, caller));
    }

    /// <summary>Each tenant sees the engagement score measured within it.</summary>
    private static UserProfile ForTenant(UserProfile profile, UserView user, Caller caller) =>
        profile with { EngagementScore = user.Memberships.FirstOrDefault(m => m.TenantId == caller.TenantId)?.EngagementScore ?? 0 };

    private static async Task<Ok<UserProfile>> UpdateProfile(Guid id, ProfileRequest body, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        return TypedResults.Ok(await grains.GetGrain<IUserGrain>(id).UpdateProfileAsync(
            new UpdateProfileCommand
            {
                DisplayName = body.DisplayName,
                Location = body.Location,
                Timezone = body.Timezone,
                Language = body.Language,
                Tags = body.Tags,
                Bio = body.Bio,
            },
            http.ActorOf(caller)));
    }

    private static async Task<Ok<Dictionary<string, Dictionary<string, JsonElement>>>> GetPreferences(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var values = await grains.GetGrain<IUserGrain>(id).GetPreferencesAsync() ?? throw NotFoundException.User(id);
        return TypedResults.Ok(ToJson(values));
    }

    private static async Task<Ok<Dictionary<string, Dictionary<string, JsonElement>>>> SetPreferences(
        Guid id, Dictionary<string, Dictionary<string, JsonElement>> body, bool replace, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        var values = body.ToDictionary(
            c => c.Key,
            c => (IReadOnlyDictionary<string, string>)c.Value.ToDictionary(k => k.Key, k => k.Value.GetRawText()));
        var result = await grains.GetGrain<IUserGrain>(id).SetPreferencesAsync(values, replace, http.ActorOf(caller));
        return TypedResults.Ok(ToJson(result));
    }

    private static Dictionary<string, Dictionary<string, JsonElement>> ToJson(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values) =>
        values.ToDictionary(c => c.Key, c => c.Value.ToDictionary(k => k.Key, k => JsonDocument.Parse(k.Value).RootElement.Clone()));
}
