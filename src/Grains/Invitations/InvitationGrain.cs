using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Grains.Users;
using Lyss.UserGrains.Invitations;
using Lyss.UserGrains.Tenants;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Invitations;

/// <summary>
/// One invitation. Non-reentrant: concurrent acceptances of one code are served in turn, so
/// exactly one makes a membership. A reminder marks it expired at <c>expires_at</c>; the expiry
/// is also checked on every call, so a late reminder never lets an expired code through.
/// </summary>
public sealed class InvitationGrain(
    [PersistentState(InvitationState.StateName, LyssStorage.ProviderName)] IPersistentState<InvitationState> state,
    InvitationStore directory,
    GrainClock clock)
    : Grain, IInvitationGrain, IRemindable
{
    public const int MaxExpiryDays = 30;
    private const string ExpiryReminder = "invitation-expiry";

    private InvitationState S => state.State;

    public async Task<InvitationView> CreateAsync(CreateInvitationCommand command, ActorContext actor)
    {
        if (S.Exists)
        {
            throw new ConflictException("This invitation code is already in use.") { Code = "invitation_exists" };
        }

        var errors = new FieldErrors();
        var email = UserValidation.Email(command.InviteeEmail, errors, "invitee_email")!;
        if (command.ExpiresIn < TimeSpan.FromSeconds(1) || command.ExpiresIn > TimeSpan.FromDays(MaxExpiryDays))
        {
            errors.Add("expires_in_days", $"1 to {MaxExpiryDays} days.");
        }

        if (!TenantRoles.BuiltIn.ContainsKey(command.Role ?? ""))
        {
            errors.Add("role", $"Unknown role; expected one of {string.Join(", ", TenantRoles.BuiltIn.Keys)}.");
        }

        errors.ThrowIfAny();
        _ = await GrainFactory.GetGrain<ITenantGrain>(actor.TenantId).GetAsync()
            ?? throw NotFoundException.Tenant(actor.TenantId);

        var now = clock.UtcNow;
        state.State = new InvitationState
        {
            Exists = true,
            Id = Guid.CreateVersion7(),
            TenantId = actor.TenantId,
            InviteeEmail = email,
            Role = command.Role!,
            Status = InvitationStatus.Pending,
            ExpiresAt = now + command.ExpiresIn,
            InvitedBy = actor.Actor,
            CreatedAt = now,
        };
        await SaveAsync(send: true);
        InvitationMetrics.Sent(S.TenantId);
        return ToView();
    }

    public async Task<InvitationView?> GetAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        await ExpireIfDueAsync();
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(S.TenantId).GetAsync();
        return ToView() with { TenantName = tenant?.Name };
    }

    public async Task<AcceptResult> AcceptAsync(AcceptInvitationCommand command, ActorContext actor)
    {
        RequireExists();
        await ExpireIfDueAsync();
        switch (S.Status)
        {
            case InvitationStatus.Accepted:
                throw new ConflictException("This invitation was already accepted.") { Code = "invitation_accepted" };
            case InvitationStatus.Cancelled:
                throw new ConflictException("This invitation was cancelled.") { Code = "invitation_cancelled" };
            case InvitationStatus.Expired:
                throw new GoneException("This invitation has expired.") { Code = "invitation_expired" };
        }

        // The membership records the inviter as the one who brought the user in.
        var inviteeActor = actor with { TenantId = S.TenantId, Actor = S.InvitedBy };
        // The code alone proves nothing (the inviter has it); the proof exists only in the email sent to the invitee.
        var emailed = S.ProofHash is { } expected && !string.IsNullOrEmpty(command.Proof) && command.Proof.Length <= 100
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(ProofHashOf(command.Proof)));
        UserView user;
        if (command.UserId is { } existing)
        {
            var grain = GrainFactory.GetGrain<IUserGrain>(existing);
            var current = await grain.GetAsync() ?? throw new NotFoundException("The signed-in user was not found.") { Code = "user_not_found" };
            RequireInviteeEmail(current.Email, "email");
            user = current.Memberships.Any(m => m.TenantId == S.TenantId)
                ? throw new ConflictException("The user is already a member of this tenant.") { Code = "user_exists" }
                : await grain.LinkTenantAsync(S.Role, emailed, inviteeActor);
        }
        else
        {
            RequireInviteeEmail(command.Email, "email");
            var registered = await GrainFactory.GetGrain<IUserGrain>(Guid.CreateVersion7()).RegisterAsync(
                new RegisterUserCommand { Email = command.Email!, Name = command.Name ?? "", Phone = command.Phone, Role = S.Role, EmailProven = emailed },
                inviteeActor);
            user = registered.User;
        }

        S.Status = InvitationStatus.Accepted;
        S.AcceptedAt = clock.UtcNow;
        S.AcceptedUserId = user.Id;
        await SaveAsync();
        InvitationMetrics.Accepted(S.TenantId);
        if (Guid.TryParse(S.InvitedBy, out var inviter))
        {
            await GrainFactory.GetGrain<IUserGrain>(inviter).CreditInvitationAsync(S.Id);
        }

        var role = user.Memberships.FirstOrDefault(m => m.TenantId == S.TenantId)?.Role ?? S.Role;
        return new AcceptResult(user.Id, S.TenantId, role, user.Status);
    }

    public async Task<InvitationView> CancelAsync(ActorContext actor)
    {
        RequireExists();
        await ExpireIfDueAsync();
        if (S.Status != InvitationStatus.Pending)
        {
            throw new ConflictException($"Only a pending invitation can be cancelled; this one is {WireName.Of(S.Status)}.") { Code = "illegal_transition" };
        }

        S.Status = InvitationStatus.Cancelled;
        await SaveAsync();
        InvitationMetrics.Cancelled(S.TenantId);
        return ToView();
    }

    public async Task<InvitationView> ResendAsync(int? expiresInDays, ActorContext actor)
    {
        RequireExists();
        await ExpireIfDueAsync();
        if (S.Status is not (InvitationStatus.Pending or InvitationStatus.Expired))
        {
            throw new ConflictException($"Only a pending or expired invitation can be resent; this one is {WireName.Of(S.Status)}.") { Code = "illegal_transition" };
        }

        var days = expiresInDays ?? 7;
        if (days is < 1 or > MaxExpiryDays)
        {
            throw new ValidationException("expires_in_days", $"1 to {MaxExpiryDays} days.");
        }

        S.Status = InvitationStatus.Pending;
        S.ExpiresAt = clock.UtcNow.AddDays(days);
        await SaveAsync(send: true);
        InvitationMetrics.Sent(S.TenantId);
        return ToView();
    }

    public async Task ForgetInviteeAsync()
    {
        if (!S.Exists || S.InviteeEmail.EndsWith("@erased.invalid", StringComparison.Ordinal))
        {
            return;
        }

        // The read model's copy is replaced by the erasure itself (erase_user_data), in its transaction.
        S.InviteeEmail = $"erased-{S.Id}@erased.invalid";
        await state.WriteStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ExpireIfDueAsync();
        if (S.Status != InvitationStatus.Pending)
        {
            await UnregisterExpiryAsync();
        }
    }

    /// <summary>
    /// The invitation's email to the invitee (accept link and code, in the invitee's language when they
    /// have an account, else the tenant's), and for an invitee with an account a notice in their inbox.
    /// </summary>
    private async Task<(Notifications.OutboundMessage Email, Notifications.Notice? Notice)> InvitationMessagesAsync()
    {
        var invitee = await GrainFactory.GetGrain<IEmailIndexGrain>(EmailAddress.IndexKey(S.InviteeEmail)).GetOwnerAsync();
        var code = this.GetPrimaryKeyString();
        // A new proof with every email: the link of an earlier one no longer proves anything.
        var proof = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        S.ProofHash = ProofHashOf(proof);
        var values = new Dictionary<string, string?> { ["role"] = S.Role, ["code"] = code, ["expires"] = S.ExpiresAt.ToString("u") };
        var email = new Notifications.OutboundMessage(
            S.TenantId, invitee, S.Id, Notifications.MessagePurpose.Invitation, S.InviteeEmail, "invitation", values, S.ExpiresAt,
            $"/invitations/accept?code={Uri.EscapeDataString(code)}&proof={proof}");
        var notice = invitee is { } user
            ? new Notifications.Notice(user, S.TenantId, "invitation_received", "invitation_received", values)
            : null;
        return (email, notice);
    }

    private async Task ExpireIfDueAsync()
    {
        if (S.Exists && S.Status == InvitationStatus.Pending && S.ExpiresAt <= clock.UtcNow.AddSeconds(1))
        {
            S.Status = InvitationStatus.Expired;
            await SaveAsync();
            InvitationMetrics.Expired(S.TenantId);
        }
    }

    /// <summary>Read model first (with the invitation's messages when <paramref name="send"/>), then grain state; the expiry reminder exists only while pending.</summary>
    private async Task SaveAsync(bool send = false)
    {
        var (email, notice) = send ? await InvitationMessagesAsync() : (null, null);
        await directory.UpsertAsync(ToView(), email, notice);
        await state.WriteStateAsync();
        if (S.Status == InvitationStatus.Pending)
        {
            var due = S.ExpiresAt - clock.UtcNow;
            await this.RegisterOrUpdateReminder(ExpiryReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due, TimeSpan.FromMinutes(1));
        }
        else
        {
            await UnregisterExpiryAsync();
        }
    }

    private async Task UnregisterExpiryAsync()
    {
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static string ProofHashOf(string proof) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(proof)));

    private void RequireInviteeEmail(string? email, string field)
    {
        if (email is null || EmailAddress.Normalize(email) != EmailAddress.Normalize(S.InviteeEmail))
        {
            throw new ValidationException(field, "This invitation is for another email address.");
        }
    }

    private void RequireExists()
    {
        if (!S.Exists)
        {
            throw new NotFoundException("Invitation not found.") { Code = "invitation_not_found" };
        }
    }

    private InvitationView ToView() => new()
    {
        Id = S.Id,
        Code = this.GetPrimaryKeyString(),
        TenantId = S.TenantId,
        InviteeEmail = S.InviteeEmail,
        Role = S.Role,
        Status = S.Status,
        ExpiresAt = S.ExpiresAt,
        InvitedBy = S.InvitedBy,
        CreatedAt = S.CreatedAt,
        AcceptedAt = S.AcceptedAt,
        AcceptedUserId = S.AcceptedUserId,
    };
}
