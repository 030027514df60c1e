using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Users;

/// <summary>
/// One user of the platform, keyed by its id. Every command is checked against the lifecycle
/// (an illegal transition throws <see cref="Errors.ConflictException"/>), written to the read
/// models and the audit trail before it answers.
/// </summary>
[Alias("lyss.users.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>The user, or null when no user has this id.</summary>
    [Alias("Get")]
    Task<UserView?> GetAsync();

    /// <summary>
    /// Registers a new user with this id in <see cref="ActorContext.TenantId"/>. An email another
    /// user holds is a conflict: <c>user_exists</c> in the same tenant, <c>user_exists_elsewhere</c>
    /// otherwise (that user joins only by accepting an invitation).
    /// </summary>
    [Alias("Register")]
    Task<RegistrationResult> RegisterAsync(RegisterUserCommand command, ActorContext actor);

    /// <summary>Adds this user to another tenant: the user accepted that tenant's invitation with its own token.</summary>
    [Alias("LinkTenant")]
    Task<UserView> LinkTenantAsync(string? role, ActorContext actor);

    /// <summary>
    /// The same, from an invitation whose email reached the user's address: with
    /// <paramref name="emailProven"/> an unverified email counts as verified (the invitation code came through it).
    /// </summary>
    [Alias("LinkTenantByInvitation")]
    Task<UserView> LinkTenantAsync(string? role, bool emailProven, ActorContext actor);

    /// <summary>Removes this user's membership in the actor's tenant only.</summary>
    [Alias("UnlinkTenant")]
    Task UnlinkTenantAsync(ActorContext actor);

    [Alias("Update")]
    Task<UpdateResult> UpdateAsync(UpdateUserCommand command, ActorContext actor);

    [Alias("Activate")]
    Task<UserView> ActivateAsync(ActorContext actor);

    [Alias("Deactivate")]
    Task<UserView> DeactivateAsync(string? reason, DateTimeOffset? until, ActorContext actor);

    [Alias("Lock")]
    Task<UserView> LockAsync(DateTimeOffset until, string? reason, ActorContext actor);

    [Alias("Unlock")]
    Task<UserView> UnlockAsync(ActorContext actor);

    [Alias("Ban")]
    Task<UserView> BanAsync(string? reason, ActorContext actor);

    /// <summary>Lifts a ban: the user is active again (409 <c>illegal_transition</c> unless banned).</summary>
    [Alias("Unban")]
    Task<UserView> UnbanAsync(string? reason, ActorContext actor);

    [Alias("Delete")]
    Task DeleteAsync(DeleteType type, ActorContext actor);

    /// <summary>
    /// Anonymizes or hard-deletes the user over every store of the privacy inventory and returns the
    /// receipt: what was done per store and a verification search that should find nothing.
    /// </summary>
    [Alias("Erase")]
    Task<Lyss.UserGrains.Privacy.ErasureReceipt> EraseAsync(DeleteType mode, ActorContext actor);

    [Alias("VerifyEmail")]
    Task<UserView> VerifyEmailAsync(string token, ActorContext actor);

    [Alias("VerifyPhone")]
    Task<UserView> VerifyPhoneAsync(string token, ActorContext actor);

    /// <summary>
    /// Sends a new code on <paramref name="channel"/>, voiding the previous one; returns it for trusted
    /// callers (the gateway shows it only in development). 409 <c>already_verified</c>, 429 when sent too often.
    /// </summary>
    [Alias("ResendVerification")]
    Task<string> ResendVerificationAsync(VerificationChannel channel, ActorContext actor);

    [Alias("GetProfile")]
    Task<UserProfile?> GetProfileAsync();

    [Alias("UpdateProfile")]
    Task<UserProfile> UpdateProfileAsync(UpdateProfileCommand command, ActorContext actor);

    /// <summary>Category → key → JSON value, defaults filled in.</summary>
    [Alias("GetPreferences")]
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>?> GetPreferencesAsync();

    /// <summary>Replaces one category (<paramref name="replaceCategories"/>) or merges keys.</summary>
    [Alias("SetPreferences")]
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> SetPreferencesAsync(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> values, bool replaceCategories, ActorContext actor);

    [Alias("GetPresence")]
    Task<PresenceView?> GetPresenceAsync();

    /// <summary>How a token whose subject is this id is judged in <paramref name="tenantId"/>.</summary>
    [Alias("GetAccess")]
    Task<UserAccess> GetAccessAsync(Guid tenantId);

    /// <summary>
    /// Validates and accepts one activity of this user in <paramref name="tenantId"/>: counters and
    /// recent activities include it at once; its row reaches PostgreSQL with the next flush.
    /// </summary>
    [Alias("Track")]
    Task<TrackResult> TrackAsync(TrackActivity activity, Guid tenantId);

    /// <summary>Many activities in one call; one result per item, in order.</summary>
    [Alias("TrackBatch")]
    Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TrackActivity> activities, Guid tenantId, AckMode? ack);

    /// <summary>The activity summary for the last <paramref name="days"/> (1 to 365) days in <paramref name="timeZone"/> (IANA; UTC when null), in one tenant.</summary>
    [Alias("GetActivitySummaryInZone")]
    Task<ActivitySummary?> GetActivitySummaryAsync(Guid tenantId, int days, string? timeZone);

    /// <summary>The activity summary for the last <paramref name="days"/> UTC days, in one tenant.</summary>
    [Alias("GetActivitySummary")]
    Task<ActivitySummary?> GetActivitySummaryAsync(Guid tenantId, int days);

    /// <summary>Changes this member's role and/or explicit grants in the actor's tenant.</summary>
    [Alias("SetMembership")]
    Task<MembershipView> SetMembershipAsync(string? role, IReadOnlyList<string>? grants, ActorContext actor);

    /// <summary>Sets (empty: clears) this member's external id in the actor's tenant; 409 <c>external_id_taken</c> when another member holds it.</summary>
    [Alias("SetExternalId")]
    Task<MembershipView> SetExternalIdAsync(string externalId, ActorContext actor);

    /// <summary>Sets the SCIM userName the actor's tenant knows this member by when it is not the email (null or the email: none).</summary>
    [Alias("SetScimUserName")]
    Task<MembershipView> SetScimUserNameAsync(string? userName, ActorContext actor);

    /// <summary>Locks this user's membership in the actor's tenant only, until <paramref name="until"/>.</summary>
    [Alias("LockMembership")]
    Task<MembershipView> LockMembershipAsync(DateTimeOffset until, string? reason, ActorContext actor);

    /// <summary>Lifts the lock of this user's membership in the actor's tenant (409 when it is not locked).</summary>
    [Alias("UnlockMembership")]
    Task<MembershipView> UnlockMembershipAsync(ActorContext actor);

    /// <summary>Credits this user with an accepted invitation (the inviter's reward count).</summary>
    [Alias("CreditInvitation")]
    Task CreditInvitationAsync(Guid invitationId);

    /// <summary>Rewrites the read-model rows from grain state (after the tables were lost).</summary>
    [Alias("RebuildReadModel")]
    Task RebuildReadModelAsync();

    /// <summary>
    /// Writes the user's open conversation sessions and returns what a behaviour analysis needs
    /// (time zone, language, preferences); null when the user is not a member of <paramref name="tenantId"/>.
    /// </summary>
    [Alias("PrepareAnalysis")]
    Task<Behavior.AnalysisSubject?> PrepareAnalysisAsync(Guid tenantId);

    /// <summary>Stores the monthly engagement score on the profile and, with the 30-day activity, on the membership (peer comparison).</summary>
    [Alias("RecordEngagement")]
    Task RecordEngagementAsync(Guid tenantId, decimal score, long activity30Days);

    /// <summary>
    /// Drops the activity counters and idempotency keys held in memory (after this silo's writer stored
    /// what the user handed it), so the next call reloads them: a visitor's history was moved to the user.
    /// </summary>
    [Alias("ReloadActivities")]
    Task ReloadActivitiesAsync();
}
