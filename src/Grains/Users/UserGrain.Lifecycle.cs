using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Telemetry;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Users;

/// <summary>
/// The lifecycle: pending → active ⇄ inactive, active ⇄ locked, → banned, → deleted,
/// → anonymized, hard delete. Anything else is a 409, never a silent no-op.
/// </summary>
public sealed partial class UserGrain
{
    private const string UntilReminder = "lifecycle-until";

    public async Task<UserView> ActivateAsync(ActorContext actor)
    {
        RequireExists();
        S.Status = LifecycleTable.Require(LifecycleCommand.Activate, S.Status);
        S.InactiveUntil = null;
        var first = S.Activated is null;
        S.Activated = new LifecycleStamp { At = Now, By = actor.Actor, Reason = "admin" };
        await TransitionAsync("user_activated", actor, new() { ["method"] = "admin" }, notice: first ? Welcome() : null);
        return ToView();
    }

    public async Task<UserView> DeactivateAsync(string? reason, DateTimeOffset? until, ActorContext actor)
    {
        RequireExists();
        ValidateReason(reason);
        if (until is { } u && u <= Now)
        {
            throw new ValidationException("until", "Must be in the future.");
        }

        S.Status = LifecycleTable.Require(LifecycleCommand.Deactivate, S.Status);
        S.InactiveUntil = until;
        S.Deactivated = new LifecycleStamp { At = Now, By = actor.Actor, Reason = reason };
        await TransitionAsync("user_deactivated", actor, new() { ["reason"] = reason, ["until"] = until, ["temporary"] = until is not null },
            notice: new UserNotice("deactivation", "deactivation", new Dictionary<string, string?> { ["reason"] = reason, ["until"] = until?.ToString("u") }, "high"));
        return ToView();
    }

    public async Task<UserView> LockAsync(DateTimeOffset until, string? reason, ActorContext actor)
    {
        RequireExists();
        ValidateReason(reason);
        if (until <= Now || until > Now.AddYears(1))
        {
            throw new ValidationException("until", "Must be in the future and within a year.");
        }

        S.Status = LifecycleTable.Require(LifecycleCommand.Lock, S.Status);
        S.LockedUntil = until;
        S.Locked = new LifecycleStamp { At = Now, By = actor.Actor, Reason = reason };
        await TransitionAsync("user_locked", actor, new() { ["reason"] = reason, ["until"] = until });
        return ToView();
    }

    public async Task<UserView> UnlockAsync(ActorContext actor)
    {
        RequireExists();
        S.Status = LifecycleTable.Require(LifecycleCommand.Unlock, S.Status);
        S.LockedUntil = null;
        await TransitionAsync("user_unlocked", actor, new() { ["method"] = "admin" });
        return ToView();
    }

    public async Task<UserView> BanAsync(string? reason, ActorContext actor)
    {
        RequireExists();
        ValidateReason(reason);
        S.Status = LifecycleTable.Require(LifecycleCommand.Ban, S.Status);
        S.InactiveUntil = null;
        S.LockedUntil = null;
        S.Banned = new LifecycleStamp { At = Now, By = actor.Actor, Reason = reason };
        await TransitionAsync("user_banned", actor, new() { ["reason"] = reason });
        return ToView();
    }

    public async Task<UserView> UnbanAsync(string? reason, ActorContext actor)
    {
        RequireExists();
        ValidateReason(reason);
        S.Status = LifecycleTable.Require(LifecycleCommand.Unban, S.Status);
        // The ban's stamp stays as history; the user is active again from now.
        S.Activated = new LifecycleStamp { At = Now, By = actor.Actor, Reason = reason ?? "unbanned" };
        await TransitionAsync("user_unbanned", actor, new() { ["reason"] = reason });
        return ToView();
    }

    public async Task DeleteAsync(DeleteType type, ActorContext actor)
    {
        RequireExists();
        switch (type)
        {
            case DeleteType.Soft:
                S.Status = LifecycleTable.Require(LifecycleCommand.SoftDelete, S.Status);
                S.InactiveUntil = null;
                S.LockedUntil = null;
                S.Deleted = new LifecycleStamp { At = Now, By = actor.Actor };
                await TransitionAsync("user_deleted", actor, new() { ["delete_type"] = "soft" });
                break;
            case DeleteType.Anonymize or DeleteType.Hard:
                await EraseAsync(type, actor);
                break;
            default:
                throw new ValidationException("delete_type", "Expected soft, hard or anonymize.");
        }
    }

    public async Task<UserView> VerifyEmailAsync(string token, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("verify");
        var stored = CheckToken(S.EmailToken, token, S.Email, S.EmailVerified, "email");
        S.EmailToken = null;
        S.EmailVerified = true;
        var events = new List<AuditEvent> { Event("email_verified", actor, new() { ["email"] = stored.Target }) };
        if (S.Status == UserStatus.Pending)
        {
            // Activation by a verification token.
            S.Status = UserStatus.Active;
            S.Activated = new LifecycleStamp { At = Now, By = Id.ToString(), Reason = "email_verification" };
            events.Add(Event("user_activated", actor, new() { ["method"] = "email" }));
            UserMetrics.LifecycleEvent("user_activated", S.HomeTenantId);
        }

        S.UpdatedAt = Now;
        await CommitAsync(events, notice: events.Count > 1 ? Welcome() : null);
        return ToView();
    }

    public async Task<UserView> VerifyPhoneAsync(string token, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("verify");
        if (S.PhoneToken is { } pending && pending.Target == S.Phone && pending.ExpiresAt > Now
            && !string.IsNullOrEmpty(token) && !CryptographicEquals(pending.Hash, Hash(token)))
        {
            // Six digits are guessable: each wrong try counts, and the fifth voids the code.
            pending.FailedAttempts++;
            var exhausted = pending.FailedAttempts >= PhoneCodeTries;
            if (exhausted)
            {
                S.PhoneToken = null;
            }

            await state.WriteStateAsync();
            throw exhausted
                ? new GoneException($"{PhoneCodeTries} wrong codes: this one is void; request a new one.") { Code = "token_exhausted" }
                : new ValidationException("token", $"The code is not valid ({PhoneCodeTries - pending.FailedAttempts} tries left).");
        }

        var stored = CheckToken(S.PhoneToken, token, S.Phone, S.PhoneVerified, "phone");
        S.PhoneToken = null;
        S.PhoneVerified = true;
        S.UpdatedAt = Now;
        await CommitAsync([Event("phone_verified", actor, new() { ["phone"] = stored.Target })]);
        return ToView();
    }

    public async Task<string> ResendVerificationAsync(VerificationChannel channel, ActorContext actor)
    {
        RequireExists();
        RequireNotGone("verify");
        if (S.Status == UserStatus.Banned)
        {
            throw new ConflictException("A banned user is sent no codes.") { Code = "illegal_transition" };
        }

        var (address, verified, sends) = channel switch
        {
            VerificationChannel.Email => (S.Email, S.EmailVerified, S.EmailCodeSends),
            VerificationChannel.Phone => (S.Phone, S.PhoneVerified, S.PhoneCodeSends),
            _ => throw new ValidationException("channel", "Expected email or phone."),
        };
        if (address is null)
        {
            throw new ValidationException("channel", "The user has no phone number.");
        }

        if (verified)
        {
            throw new ConflictException($"The {WireName.Of(channel)} is already verified.") { Code = "already_verified" };
        }

        if (VerificationThrottle.RetryAfter(sends, Now) is { } wait)
        {
            throw new TooManyRequestsException($"A code was sent recently; try again in {Math.Ceiling(wait.TotalSeconds)} s.")
            {
                Code = "too_many_codes",
                RetryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds),
            };
        }

        var outbox = new List<Notifications.OutboundMessage>();
        var code = channel == VerificationChannel.Email ? IssueEmailCode(outbox) : IssuePhoneCode(outbox);
        if (channel == VerificationChannel.Email)
        {
            S.EmailCodeSends = VerificationThrottle.Record(S.EmailCodeSends, Now);
        }
        else
        {
            S.PhoneCodeSends = VerificationThrottle.Record(S.PhoneCodeSends, Now);
        }

        S.UpdatedAt = Now;
        await CommitAsync([Event("verification_sent", actor, new() { ["channel"] = WireName.Of(channel) })], messages: outbox);
        return code;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != UntilReminder)
        {
            return;
        }

        // A tick may come a little early or be repeated: act only on what has run out now.
        var system = ActorContext.System(S.HomeTenantId);
        switch (S.Exists ? LifecycleTable.Expired(S.Status, S.LockedUntil, S.InactiveUntil, Now) : TimedExpiry.None)
        {
            case TimedExpiry.Lock:
                S.Status = UserStatus.Active;
                S.LockedUntil = null;
                await TransitionAsync("user_unlocked", system, new() { ["method"] = "lock_expired" });
                break;
            case TimedExpiry.Deactivation:
                S.Status = UserStatus.Active;
                S.InactiveUntil = null;
                S.Activated = new LifecycleStamp { At = Now, By = system.Actor, Reason = "deactivation_expired" };
                await TransitionAsync("user_activated", system, new() { ["method"] = "deactivation_expired" });
                break;
            default:
                await SyncUntilReminderAsync();
                break;
        }
    }

    private VerificationTokenState CheckToken(VerificationTokenState? stored, string token, string? currentTarget, bool verified, string field)
    {
        if (stored is null)
        {
            throw verified
                ? new ConflictException($"The {field} is already verified; the token was used.") { Code = "token_used" }
                : new ValidationException("token", "No verification is pending.");
        }

        if (string.IsNullOrEmpty(token) || !CryptographicEquals(stored.Hash, Hash(token)) || stored.Target != currentTarget)
        {
            throw new ValidationException("token", "The token is not valid.");
        }

        if (stored.ExpiresAt <= Now)
        {
            throw new GoneException("The verification token has expired; request a new one.") { Code = "token_expired" };
        }

        return stored;
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    private const string AnonymizedName = "Anonymized user";

    private async Task<List<Lyss.UserGrains.Privacy.ErasureStep>> AnonymizeAsync(ActorContext actor)
    {
        // Rows still in the writer would otherwise land after the scrub with their IP and agent.
        await writer.WhenStoredAsync();
        ForgetActivities();
        var (email, phone) = (S.Email, S.Phone);
        S.Status = UserStatus.Anonymized;
        S.Email = null;
        S.Name = AnonymizedName;
        S.Phone = null;
        S.AvatarUrl = null;
        S.Bio = null;
        S.EmailToken = null;
        S.PhoneToken = null;
        S.EmailCodeSends = [];
        S.PhoneCodeSends = [];
        S.EmailVerified = false;
        S.PhoneVerified = false;
        S.Profile = new ProfileState { EngagementScore = S.Profile.EngagementScore, UpdatedAt = Now };
        S.Preferences = [];
        Risk.ForgetPlaces();
        S.InactiveUntil = null;
        S.LockedUntil = null;
        foreach (var stamp in new[] { S.Activated, S.Deactivated, S.Locked, S.Banned, S.Deleted })
        {
            if (stamp is not null)
            {
                stamp.Reason = null;
            }
        }

        var externalIds = S.Memberships.Where(m => m.ExternalId is not null).Select(m => (m.TenantId, m.ExternalId!)).ToList();
        foreach (var membership in S.Memberships)
        {
            // A membership lock's reason is free text an admin wrote about the person; an external id names them elsewhere.
            membership.LockReason = null;
            membership.ExternalId = null;
            membership.ScimUserName = null;
        }

        S.Anonymized = new LifecycleStamp { At = Now, By = actor.Actor };
        S.UpdatedAt = Now;
        var erasure = new Grains.Privacy.ErasureRequest(email, phone);
        await TransitionAsync("user_anonymized", actor, new() { ["delete_type"] = "anonymize" }, erasure);
        if (email is not null)
        {
            await GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email)).ReleaseAsync(Id);
        }

        foreach (var (tenant, externalId) in externalIds)
        {
            await ReleaseExternalIdAsync(tenant, externalId);
        }

        return erasure.Steps;
    }

    private async Task<List<Lyss.UserGrains.Privacy.ErasureStep>> HardDeleteAsync(ActorContext actor)
    {
        await writer.WhenStoredAsync();
        ForgetActivities();
        var (email, phone) = (S.Email, S.Phone);
        var tenants = S.Memberships.Select(m => m.TenantId).ToList();
        var externalIds = S.Memberships.Where(m => m.ExternalId is not null).Select(m => (m.TenantId, m.ExternalId!)).ToList();
        var home = S.HomeTenantId;
        var steps = await directory.HardDeleteAsync(Id, Event("user_hard_deleted", actor, new() { ["delete_type"] = "hard" }), email, phone);
        await UnregisterUntilReminderAsync();
        state.State = new UserState { Tombstoned = true, Status = UserStatus.Deleted };
        await state.WriteStateAsync();
        if (email is not null)
        {
            await GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(email)).ReleaseAsync(Id);
        }

        foreach (var tenant in tenants)
        {
            await GrainFactory.GetGrain<ITenantGrain>(tenant).ReleaseAsync(Id);
        }

        foreach (var (tenant, externalId) in externalIds)
        {
            await ReleaseExternalIdAsync(tenant, externalId);
        }

        UserMetrics.LifecycleEvent("user_hard_deleted", home);
        return steps;
    }

    private UserNotice Welcome() => new("welcome", "welcome", new Dictionary<string, string?> { ["name"] = S.Name });

    private async Task TransitionAsync(
        string eventType, ActorContext actor, Dictionary<string, object?> data, Grains.Privacy.ErasureRequest? erasure = null, UserNotice? notice = null)
    {
        S.UpdatedAt = Now;
        data["status"] = WireName.Of(S.Status);
        await CommitAsync([Event(eventType, actor, data)], erasure, notice);
        await SyncUntilReminderAsync();
        UserMetrics.LifecycleEvent(eventType, S.HomeTenantId);
        UserMetrics.Operation(eventType, "success", actor.TenantId);
    }

    /// <summary>A reminder exists only while a lock or a temporary deactivation is pending.</summary>
    private async Task SyncUntilReminderAsync()
    {
        var until = S.Status switch
        {
            UserStatus.Locked => S.LockedUntil,
            UserStatus.Inactive => S.InactiveUntil,
            _ => null,
        };
        if (until is { } at)
        {
            var due = at - Now;
            await this.RegisterOrUpdateReminder(UntilReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due, TimeSpan.FromMinutes(1));
        }
        else
        {
            await UnregisterUntilReminderAsync();
        }
    }

    private async Task UnregisterUntilReminderAsync()
    {
        if (await this.GetReminder(UntilReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static void ValidateReason(string? reason)
    {
        if (reason is { Length: > 500 })
        {
            throw new ValidationException("reason", "At most 500 characters.");
        }
    }
}
