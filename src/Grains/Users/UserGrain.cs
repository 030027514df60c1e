using System.Security.Cryptography;
using System.Text;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Activities;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// One user: identity, lifecycle, memberships, profile and preferences. Each command mutates
/// the state, writes the read models and audit rows in one transaction, then the grain state;
/// if either write fails the state is reloaded so the grain never runs ahead of storage.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState(UserState.StateName, LyssStorage.ProviderName)] IPersistentState<UserState> state,
    UserStore directory,
    ActivityWriter writer,
    ActivityHistoryStore history,
    Conversations.ConversationStore conversationStore,
    Alerts.AlertStore alerts,
    Alerts.TenantAlertRulesCache alertRules,
    Privacy.ErasureStore erasures,
    ActivitySpill spill,
    LiveActivityFeed live,
    IOptions<UserOptions> options,
    GrainClock clock,
    CustomTypeCache customTypes,
    ILogger<UserGrain> logger)
    : Grain, IUserGrain, IRemindable
{
    private static readonly TimeSpan EmailCodeLifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan PhoneCodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Wrong tries a 6-digit phone code survives (a million codes, five guesses).</summary>
    public const int PhoneCodeTries = 5;

    // Cached: GetPrimaryKey decodes the grain id on every call, and the hot path stamps it on every row.
    private Guid _id;

    private Guid Id => _id != Guid.Empty ? _id : _id = this.GetPrimaryKey();

    private UserState S => state.State;

    private DateTimeOffset Now => clock.UtcNow;

    public Task<UserView?> GetAsync() => Task.FromResult(S.Exists ? ToView() : null);

    public async Task<UserAccess> GetAccessAsync(Guid tenantId)
    {
        if (S.Tombstoned)
        {
            return new UserAccess(true, UserStatus.Deleted, null);
        }

        if (!S.Exists)
        {
            return new UserAccess(false, UserStatus.Pending, null);
        }

        var membership = S.Memberships.FirstOrDefault(m => m.TenantId == tenantId);
        if (membership is null || S.Status != UserStatus.Active)
        {
            return new UserAccess(true, S.Status, membership?.Role);
        }

        if (membership.IsLocked(Now))
        {
            return new UserAccess(true, S.Status, membership.Role) { MembershipLocked = true };
        }

        // Inheritance: tenant defaults → role → the member's own grants.
        var inherited = await GrainFactory.GetGrain<ITenantGrain>(tenantId).ResolvePermissionsAsync(membership.Role);
        return new UserAccess(true, S.Status, membership.Role)
        {
            Permissions = [.. inherited.TenantDefaults.Concat(inherited.RolePermissions).Concat(membership.Grants).Distinct(StringComparer.Ordinal)],
        };
    }

    public async Task<MembershipView> SetMembershipAsync(string? role, IReadOnlyList<string>? grants, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("change the membership of");
        var membership = S.Memberships.FirstOrDefault(m => m.TenantId == actor.TenantId)
            ?? throw NotFoundException.User(Id);
        var errors = new FieldErrors();
        if (grants is not null && (grants.Count > 50 || grants.Any(g => !Permissions.IsGrantable(g))))
        {
            errors.Add("grants", "At most 50 permissions from the catalogue (platform:* is not grantable).");
        }

        if (role is not null && !(await GrainFactory.GetGrain<ITenantGrain>(actor.TenantId).ResolvePermissionsAsync(role)).RoleExists)
        {
            errors.Add("role", $"The tenant has no role '{role}'.");
        }

        errors.ThrowIfAny();
        var data = new Dictionary<string, object?>();
        if (role is not null && role != membership.Role)
        {
            data["old_role"] = membership.Role;
            data["new_role"] = role;
            membership.Role = role;
        }

        if (grants is not null)
        {
            data["grants"] = grants.ToArray();
            membership.Grants = [.. grants.Distinct(StringComparer.Ordinal)];
        }

        S.UpdatedAt = Now;
        await CommitAsync([Event("membership_changed", actor, data)]);
        return ToMembershipView(membership);
    }

    public async Task<MembershipView> SetExternalIdAsync(string externalId, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("change the membership of");
        var membership = MembershipIn(actor.TenantId);
        if (externalId.Length > 0 && ExternalIds.Problem(externalId) is { } problem)
        {
            throw new ValidationException("external_id", problem);
        }

        var next = externalId.Length == 0 ? null : externalId;
        if (next == membership.ExternalId)
        {
            return ToMembershipView(membership);
        }

        if (next is not null
            && await GrainFactory.GetGrain<IExternalIdGrain>(ExternalIds.IndexKey(actor.TenantId, next)).ClaimAsync(Id) != Id)
        {
            throw new ConflictException("Another member of the tenant has this external_id.") { Code = "external_id_taken" };
        }

        var previous = membership.ExternalId;
        membership.ExternalId = next;
        S.UpdatedAt = Now;
        try
        {
            // The trail says that it changed, not to what: an identity provider's id for the person is not kept where erasure cannot reach it.
            await CommitAsync([Event("external_id_changed", actor, new() { ["external_id_set"] = next is not null })]);
        }
        catch
        {
            // The commit reloaded the state: the claim would name a member who does not carry the id.
            if (next is not null)
            {
                await ReleaseExternalIdAsync(actor.TenantId, next);
            }

            throw;
        }

        if (previous is not null)
        {
            await ReleaseExternalIdAsync(actor.TenantId, previous);
        }

        return ToMembershipView(membership);
    }

    public async Task<MembershipView> SetScimUserNameAsync(string? userName, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("change the membership of");
        var membership = MembershipIn(actor.TenantId);
        var next = userName is null || string.Equals(userName, S.Email, StringComparison.OrdinalIgnoreCase) ? null : userName;
        if (next is not null && ExternalIds.Problem(next) is { } problem)
        {
            throw new ValidationException("userName", problem);
        }

        if (next != membership.ScimUserName)
        {
            membership.ScimUserName = next;
            S.UpdatedAt = Now;
            await CommitAsync([Event("scim_user_name_changed", actor, new() { ["user_name_set"] = next is not null })]);
        }

        return ToMembershipView(membership);
    }

    private Task ReleaseExternalIdAsync(Guid tenantId, string externalId) =>
        GrainFactory.GetGrain<IExternalIdGrain>(ExternalIds.IndexKey(tenantId, externalId)).ReleaseAsync(Id);

    public async Task<MembershipView> LockMembershipAsync(DateTimeOffset until, string? reason, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("lock the membership of");
        var membership = MembershipIn(actor.TenantId);
        if (until <= Now || until > Now.AddYears(1))
        {
            throw new ValidationException("until", "Must be in the future and within a year.");
        }

        if (reason is { Length: > 500 })
        {
            throw new ValidationException("reason", "At most 500 characters.");
        }

        if (membership.IsLocked(Now))
        {
            throw new ConflictException("The membership is already locked.") { Code = "illegal_transition" };
        }

        membership.LockedUntil = until;
        membership.LockReason = reason;
        S.UpdatedAt = Now;
        await CommitAsync([Event("membership_locked", actor, new() { ["reason"] = reason, ["until"] = until })]);
        return ToMembershipView(membership);
    }

    public async Task<MembershipView> UnlockMembershipAsync(ActorContext actor)
    {
        RequireExists();
        var membership = MembershipIn(actor.TenantId);
        if (!membership.IsLocked(Now))
        {
            throw new ConflictException("The membership is not locked.") { Code = "illegal_transition" };
        }

        membership.LockedUntil = null;
        membership.LockReason = null;
        membership.FailedLoginStreak = 0;
        S.UpdatedAt = Now;
        await CommitAsync([Event("membership_unlocked", actor, new() { ["method"] = "admin" })]);
        return ToMembershipView(membership);
    }

    private MembershipState MembershipIn(Guid tenantId) =>
        S.Memberships.FirstOrDefault(m => m.TenantId == tenantId)
            ?? throw NotFoundException.User(Id);

    public async Task<RegistrationResult> RegisterAsync(RegisterUserCommand command, ActorContext actor)
    {
        if (S.Exists || S.Tombstoned)
        {
            throw new ConflictException($"User {Id} already exists.") { Code = "user_exists" };
        }

        var errors = new FieldErrors();
        var email = UserValidation.Email(command.Email, errors)!;
        var name = UserValidation.Name(command.Name, errors)!;
        var phone = UserValidation.Phone(command.Phone, errors);
        var avatar = UserValidation.AvatarUrl(command.AvatarUrl, errors);
        var bio = UserValidation.Text(command.Bio, UserValidation.MaxBio, "bio", errors);
        var externalId = string.IsNullOrEmpty(command.ExternalId) ? null : command.ExternalId;
        if (externalId is not null && ExternalIds.Problem(externalId) is { } externalProblem)
        {
            errors.Add("external_id", externalProblem);
        }

        var scimUserName = command.ScimUserName is null || string.Equals(command.ScimUserName, email, StringComparison.OrdinalIgnoreCase) ? null : command.ScimUserName;
        if (scimUserName is not null && ExternalIds.Problem(scimUserName) is { } userNameProblem)
        {
            errors.Add("userName", userNameProblem);
        }

        errors.ThrowIfAny();

        var index = GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email));
        var owner = await index.ClaimAsync(Id);
        if (owner != Id)
        {
            // Consent: an existing user joins another tenant only by accepting an invitation with its own token.
            var existing = await GrainFactory.GetGrain<IUserGrain>(owner).GetAsync();
            if (existing?.Memberships.Any(m => m.TenantId == actor.TenantId) == true)
            {
                throw new ConflictException("A user with this email already exists in this tenant.") { Code = "user_exists" };
            }

            throw new ConflictException("A user of another tenant holds this email; invite them, and they join by accepting with their own token.")
            {
                Code = "user_exists_elsewhere",
            };
        }

        // Seats come from this silo's pool of the tenant: a bulk onboarding does not queue on the tenant grain.
        var seats = GrainFactory.GetGrain<ISeatPoolGrain>(actor.TenantId);
        Admission admission;
        try
        {
            admission = await TakeSeatAsync(seats, email, command.Role);
        }
        catch
        {
            await BestEffortAsync(() => index.ReleaseAsync(Id));
            throw;
        }

        // From here every failure gives back what was taken: the email, the seat, the external id.
        string? emailToken;
        string? phoneToken;
        bool active;
        try
        {
            if (externalId is not null
                && await GrainFactory.GetGrain<IExternalIdGrain>(ExternalIds.IndexKey(actor.TenantId, externalId)).ClaimAsync(Id) != Id)
            {
                throw new ConflictException("Another member of the tenant has this external_id.") { Code = "external_id_taken" };
            }

            var now = Now;
            active = command.AutoActivate ?? admission.AutoActivateUsers;
            // A tenant that does not activate newcomers asks each for a code of their own, even after an
            // emailed invitation (invitation links get forwarded); one that does takes the invitation as proof.
            var emailVerified = command.EmailProven && active;
            state.State = new UserState
            {
                Exists = true,
                Email = email,
                Name = name,
                Phone = string.IsNullOrEmpty(phone) ? null : phone,
                AvatarUrl = string.IsNullOrEmpty(avatar) ? null : avatar,
                Bio = string.IsNullOrEmpty(bio) ? null : bio,
                HomeTenantId = actor.TenantId,
                Status = active ? UserStatus.Active : UserStatus.Pending,
                // Auto-activation activates; only a verification (or an emailed invitation) verifies.
                EmailVerified = emailVerified,
                CreatedAt = now,
                CreatedBy = actor.Actor,
                UpdatedAt = now,
                Activated = active ? new LifecycleStamp { At = now, By = actor.Actor, Reason = "auto_activate" } : null,
                Memberships =
                [
                    new MembershipState
                    {
                        TenantId = actor.TenantId, Role = admission.Role, JoinedAt = now, InvitedBy = actor.Actor, ExternalId = externalId, ScimUserName = scimUserName,
                    },
                ],
            };
            var outbox = new List<OutboundMessage>();
            emailToken = emailVerified ? null : IssueEmailCode(outbox);
            phoneToken = S.Phone is null ? null : IssuePhoneCode(outbox);

            var events = new List<AuditEvent>
            {
                Event("user_created", actor, new() { ["email"] = email, ["name"] = name, ["auto_activate"] = active, ["role"] = admission.Role }),
            };
            // As the later changes record them: that the ids were set, not their values (erasure cannot reach the trail's values).
            if (externalId is not null)
            {
                events.Add(Event("external_id_changed", actor, new() { ["external_id_set"] = true }));
            }

            if (scimUserName is not null)
            {
                events.Add(Event("scim_user_name_changed", actor, new() { ["user_name_set"] = true }));
            }
            if (emailVerified)
            {
                events.Add(Event("email_verified", actor, new() { ["email"] = email, ["method"] = "invitation" }));
            }
            if (active)
            {
                events.Add(Event("user_activated", actor, new() { ["method"] = "auto" }));
            }

            await CommitAsync(events, notice: active ? Welcome() : null, syncPreferences: true, messages: outbox);
        }
        catch
        {
            // Whatever failed (a refusal, a timeout, the commit), the grain holds no user and gives back its claims, each on its own.
            state.State = new UserState();
            await BestEffortAsync(() => index.ReleaseAsync(Id));
            await BestEffortAsync(() => seats.GiveBackAsync(Id, admission));
            if (externalId is not null)
            {
                await BestEffortAsync(() => ReleaseExternalIdAsync(actor.TenantId, externalId));
            }

            throw;
        }

        UserMetrics.Registration(active ? "auto_activate" : "email_verification", actor.TenantId);
        UserMetrics.LifecycleEvent("user_created", actor.TenantId);
        return new RegistrationResult
        {
            User = ToView(),
            RequiresVerification = !active,
            EmailVerificationToken = emailToken,
            PhoneVerificationToken = phoneToken,
        };
    }

    /// <summary>
    /// A seat from the pool. At a full tenant whose last seats sit in another silo's lease, waits here
    /// (not in the pool, which serves the whole silo) for them to be used or come back.
    /// </summary>
    private async Task<Admission> TakeSeatAsync(ISeatPoolGrain seats, string email, string? role)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await seats.TakeAsync(Id, email, role);
            }
            catch (ConflictException e) when (e.Code == SeatLeasedElsewhere && attempt < 6)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
            catch (ConflictException e) when (e.Code == SeatLeasedElsewhere)
            {
                throw new ConflictException("The tenant's seats are all taken.") { Code = "seat_limit_reached" };
            }
        }
    }

    private const string SeatLeasedElsewhere = "seats_leased_elsewhere";

    /// <summary>A clean-up step whose failure must not skip the next one (the caller rethrows the first failure).</summary>
    private static async Task BestEffortAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A claim left behind here is the rare case: the first failure is what the caller sees.
        }
    }

    public Task<UserView> LinkTenantAsync(string? role, ActorContext actor) => LinkTenantAsync(role, emailProven: false, actor);

    public async Task<UserView> LinkTenantAsync(string? role, bool emailProven, ActorContext actor)
    {
        RequireExists();
        if (S.Memberships.Any(m => m.TenantId == actor.TenantId))
        {
            throw new ConflictException("A user with this email already exists in this tenant.") { Code = "user_exists" };
        }

        if (S.Status is UserStatus.Deleted or UserStatus.Anonymized or UserStatus.Banned)
        {
            throw new ConflictException($"The user with this email is {WireName.Of(S.Status)} and cannot join another tenant.") { Code = "illegal_transition" };
        }

        var admission = await GrainFactory.GetGrain<ITenantGrain>(actor.TenantId).AdmitAsync(Id, S.Email!, role);
        S.Memberships.Add(new MembershipState { TenantId = actor.TenantId, Role = admission.Role, JoinedAt = Now, InvitedBy = actor.Actor });
        S.UpdatedAt = Now;
        var events = new List<AuditEvent> { Event("tenant_linked", actor, new() { ["role"] = admission.Role }) };
        if (emailProven && !S.EmailVerified)
        {
            // The invitation's code reached this address and came back: the address is the user's.
            S.EmailVerified = true;
            S.EmailToken = null;
            events.Add(Event("email_verified", actor, new() { ["email"] = S.Email, ["method"] = "invitation" }));
        }

        await CommitAsync(events);
        UserMetrics.Operation("link_tenant", "success", actor.TenantId);
        return ToView();
    }

    public async Task UnlinkTenantAsync(ActorContext actor)
    {
        RequireExists();
        var membership = S.Memberships.FirstOrDefault(m => m.TenantId == actor.TenantId)
            ?? throw NotFoundException.User(Id);
        if (actor.TenantId == S.HomeTenantId)
        {
            throw new ConflictException("The home tenant's membership ends only with the user (delete it instead).") { Code = "illegal_transition" };
        }

        S.Memberships.Remove(membership);
        S.UpdatedAt = Now;
        await CommitAsync([Event("tenant_unlinked", actor, new() { ["role"] = membership.Role })]);
        await GrainFactory.GetGrain<ITenantGrain>(actor.TenantId).ReleaseAsync(Id);
        if (membership.ExternalId is { } externalId)
        {
            await ReleaseExternalIdAsync(actor.TenantId, externalId);
        }

        // Team memberships and lead rights in that tenant end with the membership, at once.
        foreach (var team in await GrainFactory.GetGrain<Lyss.UserGrains.Teams.ITeamQueryGrain>(0).ListAsync(actor.TenantId, Id))
        {
            await GrainFactory.GetGrain<Lyss.UserGrains.Teams.ITeamGrain>(team.Id).RemoveMemberAsync(Id, actor);
        }
        UserMetrics.Operation("unlink_tenant", "success", actor.TenantId);
    }

    public async Task<UpdateResult> UpdateAsync(UpdateUserCommand command, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("update");
        var errors = new FieldErrors();
        var name = command.Name is null ? null : UserValidation.Name(command.Name, errors);
        var email = command.Email is null ? null : UserValidation.Email(command.Email, errors);
        var phone = UserValidation.Phone(command.Phone, errors);
        var avatar = UserValidation.AvatarUrl(command.AvatarUrl, errors);
        var bio = UserValidation.Text(command.Bio, UserValidation.MaxBio, "bio", errors);
        errors.ThrowIfAny();

        var changed = new Dictionary<string, object?>();
        string? emailToken = null, phoneToken = null;
        string? releasedEmail = null;
        var outbox = new List<OutboundMessage>();
        if (email is not null && EmailAddress.Normalize(email) != EmailAddress.Normalize(S.Email ?? ""))
        {
            var owner = await GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email)).ClaimAsync(Id);
            if (owner != Id)
            {
                throw new ConflictException("This email belongs to another user.") { Code = "email_taken" };
            }

            changed["old_email"] = S.Email;
            changed["new_email"] = email;
            releasedEmail = S.Email;
            S.Email = email;
            S.EmailVerified = false;
            emailToken = IssueEmailCode(outbox);
        }

        if (phone is not null && phone != (S.Phone ?? ""))
        {
            changed["old_phone"] = S.Phone;
            changed["new_phone"] = phone.Length == 0 ? null : phone;
            S.Phone = phone.Length == 0 ? null : phone;
            S.PhoneVerified = false;
            S.PhoneToken = null;
            phoneToken = S.Phone is null ? null : IssuePhoneCode(outbox);
        }

        if (name is not null && name != S.Name)
        {
            changed["name"] = name;
            S.Name = name;
        }

        if (avatar is not null && avatar != (S.AvatarUrl ?? ""))
        {
            changed["avatar_url"] = avatar.Length == 0 ? null : avatar;
            S.AvatarUrl = avatar.Length == 0 ? null : avatar;
        }

        if (bio is not null && bio != (S.Bio ?? ""))
        {
            changed["bio"] = bio.Length == 0 ? null : bio;
            S.Bio = bio.Length == 0 ? null : bio;
        }

        if (changed.Count > 0)
        {
            S.UpdatedAt = Now;
            var sensitive = changed.ContainsKey("new_email") || changed.ContainsKey("new_phone");
            var events = new List<AuditEvent>
            {
                Event("user_updated", actor, new() { ["fields"] = changed.Keys.ToArray(), ["sensitive_changes"] = sensitive }),
            };
            UserNotice? notice = null;
            if (sensitive)
            {
                events.Add(Event("sensitive_fields_changed", actor, changed));
                var fields = string.Join(", ", new[] { changed.ContainsKey("new_email") ? "email" : null, changed.ContainsKey("new_phone") ? "phone" : null }.OfType<string>());
                notice = new UserNotice("security_alert", "security_alert", new Dictionary<string, string?> { ["fields"] = fields, ["when"] = Now.ToString("u") }, "high");
            }

            await CommitAsync(events, notice: notice, messages: outbox);
            if (releasedEmail is not null)
            {
                await GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(releasedEmail)).ReleaseAsync(Id);
            }
        }

        UserMetrics.Operation("update", "success", actor.TenantId);
        return new UpdateResult { User = ToView(), EmailVerificationToken = emailToken, PhoneVerificationToken = phoneToken };
    }

    public async Task CreditInvitationAsync(Guid invitationId)
    {
        if (!S.Exists || S.Status is UserStatus.Deleted or UserStatus.Anonymized)
        {
            return;
        }

        S.InvitationsAccepted++;
        await CommitAsync([Event("invitation_reward", ActorContext.System(S.HomeTenantId), new() { ["invitation_id"] = invitationId, ["total"] = S.InvitationsAccepted })]);
    }

    public async Task RebuildReadModelAsync()
    {
        if (S.Exists)
        {
            await directory.SaveAsync(Id, S, [], syncPreferences: true);
        }
    }

    /// <summary>Writes read models and audit rows, then the grain state; on failure reloads the state.</summary>
    private async Task CommitAsync(
        IReadOnlyList<AuditEvent> events, Privacy.ErasureRequest? erasure = null, UserNotice? notice = null, bool syncPreferences = false, IReadOnlyList<OutboundMessage>? messages = null)
    {
        try
        {
            await directory.SaveAsync(Id, S, events, erasure, notice, syncPreferences, messages);
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    private AuditEvent Event(string type, ActorContext actor, Dictionary<string, object?>? data = null) =>
        new(type, actor.TenantId, actor.Actor, data ?? [], actor.IpAddress, actor.UserAgent);

    /// <summary>A new email code (the old one void), and its email with a link and the code.</summary>
    private string IssueEmailCode(List<OutboundMessage> outbox)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = Now + EmailCodeLifetime;
        S.EmailToken = new VerificationTokenState { Hash = Hash(secret), ExpiresAt = expires, Target = S.Email! };
        outbox.Add(new OutboundMessage(
            S.HomeTenantId, Id, null, MessagePurpose.EmailVerification, S.Email!, "verification",
            new Dictionary<string, string?> { ["name"] = S.Name, ["code"] = secret, ["expires"] = expires.ToString("u") },
            expires, $"/verify-email?user_id={Id}&code={secret}"));
        return secret;
    }

    /// <summary>A new 6-digit phone code (the old one void), and its SMS.</summary>
    private string IssuePhoneCode(List<OutboundMessage> outbox)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var expires = Now + PhoneCodeLifetime;
        S.PhoneToken = new VerificationTokenState { Hash = Hash(code), ExpiresAt = expires, Target = S.Phone! };
        outbox.Add(new OutboundMessage(
            S.HomeTenantId, Id, null, MessagePurpose.PhoneVerification, S.Phone!, "verification_sms",
            new Dictionary<string, string?> { ["code"] = code, ["minutes"] = ((int)PhoneCodeLifetime.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            expires));
        return code;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void RequireExists()
    {
        if (!S.Exists)
        {
            throw NotFoundException.User(Id);
        }
    }

    private void RequireNotGone(string operation)
    {
        if (S.Status is UserStatus.Deleted or UserStatus.Anonymized)
        {
            throw new ConflictException($"Cannot {operation} a {WireName.Of(S.Status)} user.") { Code = "illegal_transition" };
        }
    }


    private MembershipView ToMembershipView(MembershipState m) => new(m.TenantId, m.Role, m.JoinedAt, m.InvitedBy)
    {
        Grants = m.Grants,
        Status = m.IsLocked(Now) ? MembershipStatus.Locked : MembershipStatus.Active,
        LockedUntil = m.IsLocked(Now) ? m.LockedUntil : null,
        LockReason = m.IsLocked(Now) ? m.LockReason : null,
        EngagementScore = m.EngagementScore,
        ExternalId = m.ExternalId,
        ScimUserName = m.ScimUserName,
    };

    private UserView ToView()
    {
        var privacy = PrivacySettings.From(S.Preferences);
        return new()
        {
            Id = Id,
            Email = S.Email,
            Name = S.Name,
            Status = S.Status,
            HomeTenantId = S.HomeTenantId,
            CreatedAt = S.CreatedAt,
            UpdatedAt = S.UpdatedAt,
            Phone = S.Phone,
            AvatarUrl = S.AvatarUrl,
            Bio = S.Bio,
            EmailVerified = S.EmailVerified,
            PhoneVerified = S.PhoneVerified,
            LastLoginAt = S.LastLoginAt,
            CreatedBy = S.CreatedBy,
            ActivatedAt = S.Activated?.At,
            ActivatedBy = S.Activated?.By,
            DeactivatedAt = S.Deactivated?.At,
            DeactivatedBy = S.Deactivated?.By,
            DeactivationReason = S.Deactivated?.Reason,
            InactiveUntil = S.InactiveUntil,
            LockedUntil = S.LockedUntil,
            LockReason = S.Status == UserStatus.Locked ? S.Locked?.Reason : null,
            DeletedAt = S.Deleted?.At,
            Memberships = [.. S.Memberships.Select(ToMembershipView)],
            InvitationsAccepted = S.InvitationsAccepted,
            ShowPresence = privacy.ShowPresence,
            ProfileVisibility = privacy.ProfileVisibility,
            ActivityTracking = privacy.ActivityTracking,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "After queueing activities of user {UserId}, updating the {Work} failed; the answer stands")]
    private static partial void LogAfterQueueFailed(ILogger logger, Exception exception, string work, Guid userId);
}
