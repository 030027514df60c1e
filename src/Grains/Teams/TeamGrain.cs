using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Grains.Storage;
using Lyss.UserGrains.Teams;
using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Grains.Teams;

public sealed class TeamGrain(
    [PersistentState(TeamState.StateName, LyssStorage.ProviderName)] IPersistentState<TeamState> state,
    TeamStore directory,
    GrainClock clock)
    : Grain, ITeamGrain
{
    private TeamState S => state.State;

    public async Task<TeamView> CreateAsync(string name, ActorContext actor)
    {
        if (S.Exists)
        {
            throw new ConflictException("This team already exists.") { Code = "team_exists" };
        }

        state.State = new TeamState { Exists = true, TenantId = actor.TenantId, Name = ValidName(name), CreatedAt = clock.UtcNow, CreatedBy = actor.Actor };
        if (Guid.TryParse(actor.Actor, out var creator) && await IsTenantMemberAsync(creator))
        {
            S.Members[creator] = new TeamMemberState { Role = TeamRole.Lead, JoinedAt = clock.UtcNow };
        }

        await SaveAsync();
        return ToView();
    }

    public Task<TeamView?> GetAsync() => Task.FromResult(S.Exists ? ToView() : null);

    public async Task<TeamView> RenameAsync(string name, ActorContext actor)
    {
        RequireExists(actor);
        S.Name = ValidName(name);
        await SaveAsync();
        return ToView();
    }

    public async Task DeleteAsync(ActorContext actor)
    {
        RequireExists(actor);
        await directory.DeleteAsync(this.GetPrimaryKey());
        await state.ClearStateAsync();
        state.State = new TeamState();
    }

    public async Task<TeamView> SetMemberAsync(Guid userId, TeamRole role, ActorContext actor)
    {
        RequireExists(actor);
        if (!await IsTenantMemberAsync(userId))
        {
            throw new ValidationException("user_id", "Only members of the team's tenant can join it.");
        }

        if (!S.Members.ContainsKey(userId) && S.Members.Count >= TeamState.MaxMembers)
        {
            throw new ConflictException($"A team has at most {TeamState.MaxMembers} members.") { Code = "team_full" };
        }

        S.Members[userId] = new TeamMemberState { Role = role, JoinedAt = S.Members.TryGetValue(userId, out var m) ? m.JoinedAt : clock.UtcNow };
        await SaveAsync();
        return ToView();
    }

    public async Task<TeamView> RemoveMemberAsync(Guid userId, ActorContext actor)
    {
        RequireExists(actor);
        if (!S.Members.Remove(userId))
        {
            throw new NotFoundException("Not a member of this team.") { Code = "team_member_not_found" };
        }

        await SaveAsync();
        return ToView();
    }

    private async Task<bool> IsTenantMemberAsync(Guid userId) =>
        await GrainFactory.GetGrain<IUserGrain>(userId).GetAsync() is { } user
        && user.Status is not (UserStatus.Deleted or UserStatus.Anonymized)
        && user.Memberships.Any(m => m.TenantId == S.TenantId);

    private async Task SaveAsync()
    {
        await directory.SaveAsync(ToView());
        await state.WriteStateAsync();
    }

    /// <summary>Another tenant's team is reported exactly like a missing one.</summary>
    private void RequireExists(ActorContext actor)
    {
        if (!S.Exists || (S.TenantId != actor.TenantId && !actor.IsPlatformOperator))
        {
            throw new NotFoundException("Team not found.") { Code = "team_not_found" };
        }
    }

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is >= 2 and <= 100 ? trimmed : throw new ValidationException("name", "2 to 100 characters.");
    }

    private TeamView ToView() => new()
    {
        Id = this.GetPrimaryKey(),
        TenantId = S.TenantId,
        Name = S.Name,
        CreatedAt = S.CreatedAt,
        CreatedBy = S.CreatedBy,
        Members = [.. S.Members.Select(m => new TeamMemberView(m.Key, m.Value.Role, m.Value.JoinedAt)).OrderBy(m => m.JoinedAt)],
    };
}
