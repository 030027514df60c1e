using Lyss.UserGrains.Common;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.ReadModels;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState(TenantState.StateName, LyssStorage.ProviderName)] IPersistentState<TenantState> state,
    TenantDirectory directory,
    GrainClock clock)
    : Grain, ITenantGrain
{
    public async Task<TenantView> CreateAsync(CreateTenantCommand command, ActorContext actor)
    {
        if (state.State.Exists)
        {
            throw new ConflictException($"Tenant {this.GetPrimaryKey()} already exists.") { Code = "tenant_exists" };
        }

        var errors = new Dictionary<string, string[]>();
        var name = command.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
        {
            errors["name"] = ["Name must be 2 to 200 characters."];
        }

        if (!TenantRoles.BuiltIn.ContainsKey(command.DefaultRole))
        {
            errors["default_role"] = [$"Unknown role; expected one of {string.Join(", ", TenantRoles.BuiltIn.Keys)}."];
        }

        if (command.SeatLimit is < 1)
        {
            errors["seat_limit"] = ["Seat limit must be at least 1, or null for none."];
        }

        if (command.DormancyDays is < 1 or > 3650)
        {
            errors["dormancy_days"] = ["Dormancy must be 1 to 3650 days."];
        }

        var domains = command.AllowedEmailDomains.Select(d => d.Trim().TrimStart('@').ToLowerInvariant()).Distinct().ToList();
        if (domains.Count > 100 || domains.Any(d => d.Length is 0 or > 253 || !d.Contains('.', StringComparison.Ordinal)))
        {
            errors["allowed_email_domains"] = ["At most 100 domain names such as 'example.com'."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        state.State = new TenantState
        {
            Exists = true,
            Name = name,
            AutoActivateUsers = command.AutoActivateUsers,
            DefaultRole = command.DefaultRole,
            SeatLimit = command.SeatLimit,
            AllowedEmailDomains = domains,
            DormancyDays = command.DormancyDays,
            CreatedAt = clock.UtcNow,
            CreatedBy = actor.Actor,
        };
        await directory.UpsertAsync(ToView());
        await state.WriteStateAsync();
        return ToView();
    }

    public Task<TenantView?> GetAsync() => Task.FromResult(state.State.Exists ? ToView() : null);

    public async Task<Admission> AdmitAsync(Guid userId, string email, string? requestedRole)
    {
        if (!state.State.Exists)
        {
            throw new NotFoundException($"Tenant {this.GetPrimaryKey()} was not found.") { Code = "tenant_not_found" };
        }

        var role = requestedRole ?? state.State.DefaultRole;
        if (!TenantRoles.BuiltIn.ContainsKey(role))
        {
            throw new ValidationException("role", $"Unknown role '{role}'; expected one of {string.Join(", ", TenantRoles.BuiltIn.Keys)}.");
        }

        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        if (state.State.AllowedEmailDomains.Count > 0 && !state.State.AllowedEmailDomains.Contains(domain))
        {
            throw new ValidationException("email", $"This tenant admits only emails of {string.Join(", ", state.State.AllowedEmailDomains)}.");
        }

        if (state.State.SeatLimit is { } limit && state.State.MemberCount >= limit)
        {
            throw new ConflictException($"The tenant's {limit} seats are all taken.") { Code = "seat_limit_reached" };
        }

        state.State.MemberCount++;
        await state.WriteStateAsync();
        return new Admission(role, state.State.AutoActivateUsers);
    }

    public async Task ReleaseAsync(Guid userId)
    {
        if (state.State.Exists && state.State.MemberCount > 0)
        {
            state.State.MemberCount--;
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
        MemberCount = state.State.MemberCount,
        CreatedAt = state.State.CreatedAt,
        CreatedBy = state.State.CreatedBy,
    };
}
