using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Tenants;

public sealed partial class TenantGrain(
    [PersistentState(TenantState.StateName, LyssStorage.ProviderName)] IPersistentState<TenantState> state,
    TenantStore directory,
    Alerts.TenantAlertRulesCache alertRulesCache,
    GrainClock clock)
    : Grain, ITenantGrain, IRemindable
{
    public async Task<TenantView> CreateAsync(CreateTenantCommand command, ActorContext actor)
    {
        if (state.State.Exists)
        {
            throw new ConflictException($"Tenant {this.GetPrimaryKey()} already exists.") { Code = "tenant_exists" };
        }

        var errors = new FieldErrors();
        var name = command.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
        {
            errors.Add("name", "Name must be 2 to 200 characters.");
        }

        if (!TenantRoles.BuiltIn.ContainsKey(command.DefaultRole))
        {
            errors.Add("default_role", $"Unknown role; expected one of {string.Join(", ", TenantRoles.BuiltIn.Keys)}.");
        }
        else if (!Permissions.MayBeDefault(TenantRoles.PermissionsOf(command.DefaultRole)))
        {
            errors.Add("default_role", "A default role may not hold tenant:manage, user:manage or user:delete.");
        }

        if (command.SeatLimit is < 1)
        {
            errors.Add("seat_limit", "Seat limit must be at least 1, or null for none.");
        }

        if (command.DormancyDays is < 1 or > 3650)
        {
            errors.Add("dormancy_days", "Dormancy must be 1 to 3650 days.");
        }

        var domains = TenantSettingsPatch.Domains(command.AllowedEmailDomains);
        if (domains is null)
        {
            errors.Add("allowed_email_domains", "At most 100 domain names such as 'example.com'.");
        }

        errors.ThrowIfAny();

        state.State = new TenantState
        {
            Exists = true,
            Name = name,
            AutoActivateUsers = command.AutoActivateUsers,
            DefaultRole = command.DefaultRole,
            SeatLimit = command.SeatLimit,
            AllowedEmailDomains = [.. domains!],
            DormancyDays = command.DormancyDays,
            CreatedAt = clock.UtcNow,
            CreatedBy = actor.Actor,
            DeactivateDormantUsers = command.DeactivateDormantUsers,
        };
        await directory.UpsertAsync(ToView(), new TenantEvent("tenant_created", actor, new Dictionary<string, object?> { ["name"] = name }));
        await state.WriteStateAsync();
        // One sweep per tenant a day: no grain ever walks every user of the platform.
        await this.RegisterOrUpdateReminder(DormancyReminder, TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        return ToView();
    }

    public async Task<TenantView> PatchAsync(IReadOnlyDictionary<string, string> fields, ActorContext actor)
    {
        RequireExists();
        var s = state.State;
        // A lost lease must not hold seats against a lower limit.
        Lost(new SeatLedger(s).ExpireLost(clock.UtcNow));
        var current = new TenantSettings(s.Name, s.AutoActivateUsers, s.DefaultRole, s.SeatLimit, s.AllowedEmailDomains, s.DormancyDays,
            s.DeactivateDormantUsers, s.Timezone, s.Language);
        var (next, changed) = TenantSettingsPatch.Apply(current, fields, s.MemberCount + new SeatLedger(s).Leased, role => !RoleExists(role) ? null : state.State.CustomRoles.TryGetValue(role, out var custom) ? custom : TenantRoles.PermissionsOf(role));
        if (changed.Count == 0)
        {
            return ToView();
        }

        (s.Name, s.AutoActivateUsers, s.DefaultRole, s.SeatLimit, s.AllowedEmailDomains) =
            (next.Name, next.AutoActivateUsers, next.DefaultRole, next.SeatLimit, [.. next.AllowedEmailDomains]);
        (s.DormancyDays, s.DeactivateDormantUsers, s.Timezone, s.Language) = (next.DormancyDays, next.DeactivateDormantUsers, next.Timezone, next.Language);
        // The read model and the trail first: a failure there leaves the grain's state as it was.
        await directory.UpsertAsync(ToView(), new TenantEvent("tenant_settings_updated", actor, changed));
        await state.WriteStateAsync();
        return ToView();
    }

    public async Task<Page<Lyss.UserGrains.Users.UserEventView>> ListEventsAsync(int limit, int offset)
    {
        RequireExists();
        return await directory.ListEventsAsync(this.GetPrimaryKey(), limit, offset);
    }

    public Task<TenantView?> GetAsync() => Task.FromResult(state.State.Exists ? ToView() : null);

    public async Task<Admission> AdmitAsync(Guid userId, string email, string? requestedRole)
    {
        RequireExists();
        var admission = Terms().Admit(email, requestedRole);
        var ledger = new SeatLedger(state.State);
        Lost(ledger.ExpireLost(clock.UtcNow));
        ledger.AdmitOne();
        _lastSeatChange = clock.UtcNow;
        await state.WriteStateAsync();
        return admission;
    }

    public async Task<SeatLease> LeaseSeatsAsync(Guid? settle, int used, int wanted)
    {
        RequireExists();
        var now = clock.UtcNow;
        var ledger = new SeatLedger(state.State);
        var changed = settle is { } id && ledger.Settle(id, used);
        var lost = ledger.ExpireLost(now);
        var (leaseId, seats) = ledger.Lease(wanted, now);
        if (changed || lost || seats > 0)
        {
            _lastSeatChange = now;
            await state.WriteStateAsync();
        }

        Lost(lost);
        return new SeatLease(leaseId, seats, Terms(), HeldElsewhere: seats == 0 && state.State.Leases.Count > 0);
    }

    public async Task ReturnSeatsAsync(Guid leaseId, int used)
    {
        if (state.State.Exists && new SeatLedger(state.State).Settle(leaseId, used))
        {
            _lastSeatChange = clock.UtcNow;
            await state.WriteStateAsync();
        }
    }

    private AdmissionTerms Terms() =>
        new(state.State.DefaultRole, state.State.AutoActivateUsers, state.State.AllowedEmailDomains, [.. state.State.CustomRoles.Keys]);

    private DateTimeOffset _lastSeatChange;
    private IGrainTimer? _recount;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Lost(state.State.RecountMembers);
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>After a lost lease, counts the members in PostgreSQL once no lease is open and seats were quiet for a while.</summary>
    private void Lost(bool lost)
    {
        if (lost && _recount is null)
        {
            _recount = this.RegisterGrainTimer(RecountAsync, new GrainTimerCreationOptions(RecountQuiet, RecountQuiet));
        }
    }

    private static readonly TimeSpan RecountQuiet = TimeSpan.FromSeconds(10);

    private async Task RecountAsync(CancellationToken cancellationToken)
    {
        if (!state.State.RecountMembers)
        {
            _recount?.Dispose();
            _recount = null;
            return;
        }

        // A lease lost meanwhile counts now, even in a tenant nobody registers into.
        new SeatLedger(state.State).ExpireLost(clock.UtcNow);
        if (state.State.Leases.Count > 0 || clock.UtcNow - _lastSeatChange < RecountQuiet)
        {
            return;
        }

        var members = await directory.CountMembersAsync(this.GetPrimaryKey());
        if (new SeatLedger(state.State).Recount(members))
        {
            await state.WriteStateAsync();
            _recount?.Dispose();
            _recount = null;
        }
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetRolesAsync()
    {
        RequireExists();
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(
            state.State.CustomRoles.ToDictionary(r => r.Key, r => (IReadOnlyList<string>)r.Value));
    }

    public async Task<IReadOnlyList<string>> PutRoleAsync(string name, IReadOnlyList<string> permissions, ActorContext actor)
    {
        RequireExists();
        var errors = new FieldErrors();
        if (!RoleName().IsMatch(name ?? "") || TenantRoles.BuiltIn.ContainsKey(name!))
        {
            errors.Add("name", "A lowercase name of 2 to 32 letters, digits, '_' or '-', not a built-in role.");
        }

        var unknown = permissions.Where(p => !Permissions.IsGrantable(p)).ToList();
        if (unknown.Count > 0 || permissions.Count > 50)
        {
            errors.Add("permissions", $"Not in the catalogue: {string.Join(", ", unknown)}.");
        }

        if (!state.State.CustomRoles.ContainsKey(name ?? "") && state.State.CustomRoles.Count >= 100)
        {
            errors.Add("name", "A tenant has at most 100 custom roles.");
        }

        errors.ThrowIfAny();

        var normalized = permissions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        state.State.CustomRoles[name!] = normalized;
        await directory.UpsertAsync(ToView());
        await state.WriteStateAsync();
        return normalized;
    }

    public async Task DeleteRoleAsync(string name, ActorContext actor)
    {
        RequireExists();
        if (TenantRoles.BuiltIn.ContainsKey(name))
        {
            throw new ConflictException("Built-in roles cannot be deleted.") { Code = "builtin_role" };
        }

        if (name == state.State.DefaultRole)
        {
            throw new ConflictException("The tenant's default role cannot be deleted.") { Code = "default_role" };
        }

        if (!state.State.CustomRoles.Remove(name))
        {
            throw new NotFoundException($"Role '{name}' was not found.") { Code = "role_not_found" };
        }

        await directory.UpsertAsync(ToView());
        await state.WriteStateAsync();
    }

    public Task<ResolvedPermissions> ResolvePermissionsAsync(string? role)
    {
        var rolePermissions = role is null ? [] : state.State.CustomRoles.TryGetValue(role, out var custom) ? custom : TenantRoles.PermissionsOf(role);
        return Task.FromResult(new ResolvedPermissions(state.State.DefaultPermissions, rolePermissions, role is not null && RoleExists(role)));
    }

    private bool RoleExists(string role) => TenantRoles.BuiltIn.ContainsKey(role) || state.State.CustomRoles.ContainsKey(role);

    private IEnumerable<string> RoleNames() => TenantRoles.BuiltIn.Keys.Concat(state.State.CustomRoles.Keys);

    private void RequireExists()
    {
        if (!state.State.Exists)
        {
            throw NotFoundException.Tenant(this.GetPrimaryKey());
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_-]{1,31}$")]
    private static partial System.Text.RegularExpressions.Regex RoleName();

    private const string DormancyReminder = "dormancy-sweep";

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == DormancyReminder && state.State.Exists)
        {
            await SweepDormantAsync();
            await ScoreMembersAsync();
        }
    }

    public async Task<int> ScoreMembersAsync()
    {
        RequireExists();
        return await directory.ScoreMembersAsync(this.GetPrimaryKey(), clock.UtcNow);
    }

    public async Task<IReadOnlyList<Guid>> SweepDormantAsync()
    {
        RequireExists();
        var cutoff = clock.UtcNow.AddDays(-state.State.DormancyDays);
        var tenantId = this.GetPrimaryKey();
        var dormant = await directory.DormantMembersAsync(tenantId, cutoff);

        if (state.State.DeactivateDormantUsers)
        {
            var system = ActorContext.System(tenantId);
            foreach (var user in dormant)
            {
                var grain = GrainFactory.GetGrain<Lyss.UserGrains.Users.IUserGrain>(user);
                // Only users whose home is this tenant: lifecycle commands belong to the home tenant.
                if (await grain.GetAsync() is { HomeTenantId: var home, Status: Lyss.UserGrains.Users.UserStatus.Active } && home == tenantId)
                {
                    await grain.DeactivateAsync("dormant", null, system);
                }
            }
        }

        return dormant;
    }

    public async Task ReleaseAsync(Guid userId)
    {
        if (state.State.Exists)
        {
            new SeatLedger(state.State).Release();
            _lastSeatChange = clock.UtcNow;
            await state.WriteStateAsync();
        }
    }

    private TenantView ToView() => new()
    {
        Id = this.GetPrimaryKey(),
        Name = state.State.Name,
        AutoActivateUsers = state.State.AutoActivateUsers,
        DefaultRole = state.State.DefaultRole,
        SeatLimit = state.State.SeatLimit,
        AllowedEmailDomains = state.State.AllowedEmailDomains,
        DormancyDays = state.State.DormancyDays,
        MemberCount = Math.Max(0, state.State.MemberCount),
        CreatedAt = state.State.CreatedAt,
        CreatedBy = state.State.CreatedBy,
        DeactivateDormantUsers = state.State.DeactivateDormantUsers,
        AlertRules = state.State.AlertRules,
        Timezone = state.State.Timezone,
        Language = state.State.Language,
    };

    public Task<AlertRules> GetAlertRulesAsync() => Task.FromResult(state.State.AlertRules);

    public async Task<AlertRules> SetAlertRulesAsync(AlertRules rules, ActorContext actor)
    {
        if (!state.State.Exists)
        {
            throw NotFoundException.Tenant(this.GetPrimaryKey());
        }

        var errors = new FieldErrors();
        void Check(int? value, string field, int min, int max)
        {
            if (value is { } v && (v < min || v > max))
            {
                errors.Add(field, $"{min} to {max}, or null for the default.");
            }
        }

        Check(rules.BurstThreshold, "burst_threshold", 1, 1_000_000);
        Check(rules.BurstWindowMinutes, "burst_window_minutes", 1, 60);
        Check(rules.FailedLoginLimit, "failed_login_limit", 1, 1000);
        Check(rules.FailedLoginLockMinutes, "failed_login_lock_minutes", 1, 7 * 24 * 60);
        errors.ThrowIfAny();

        state.State.AlertRules = rules;
        await state.WriteStateAsync();
        // This silo's user grains see the change at once; other silos within the cache's 30 s.
        alertRulesCache.Forget(this.GetPrimaryKey());
        return rules;
    }
}
