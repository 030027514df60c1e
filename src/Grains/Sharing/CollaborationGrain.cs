using Lyss.UserGrains.Common;
using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Relationships;
using Lyss.UserGrains.Sharing;
using Lyss.UserGrains.Teams;
using Lyss.UserGrains.Users;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Sharing;

[StatelessWorker]
public sealed class CollaborationGrain(SharingStore store) : Grain, ICollaborationGrain
{
    public async Task<ShareView> ShareAsync(Guid tenantId, Guid fromUser, ShareCommand command)
    {
        var errors = new FieldErrors();
        if (command.ResourceType is not { Length: >= 1 and <= 50 })
        {
            errors.Add("resource_type", "1 to 50 characters.");
        }

        if (command.ResourceId is not { Length: >= 1 and <= 255 })
        {
            errors.Add("resource_id", "1 to 255 characters.");
        }

        if (command.Message is { Length: > 1000 })
        {
            errors.Add("message", "At most 1000 characters.");
        }

        if ((command.UserId is null) == (command.TeamId is null))
        {
            errors.Add("user_id", "Share with exactly one of user_id or team_id.");
        }

        errors.ThrowIfAny();

        var recipients = new List<Guid>();
        if (command.UserId is { } to)
        {
            if (to == fromUser || await GrainFactory.GetGrain<IUserGrain>(to).GetAsync() is not { } user || user.Memberships.All(m => m.TenantId != tenantId))
            {
                throw NotFoundException.User(to);
            }

            var relation = await GrainFactory.GetGrain<IRelationshipGrain>(RelationshipKeys.For(tenantId, fromUser, to)).GetAsync(fromUser, to);
            if (relation.Blocking || relation.BlockedBy)
            {
                throw new ConflictException("One of you blocks the other.") { Code = "blocked" };
            }

            recipients.Add(to);
        }
        else
        {
            var team = await GrainFactory.GetGrain<ITeamGrain>(command.TeamId!.Value).GetAsync();
            if (team is null || team.TenantId != tenantId)
            {
                throw new NotFoundException("Team not found.") { Code = "team_not_found" };
            }

            // A block between the sharer and a team member holds for team shares too: that member hears nothing.
            foreach (var member in team.Members.Select(m => m.UserId).Where(m => m != fromUser))
            {
                var relation = await GrainFactory.GetGrain<IRelationshipGrain>(RelationshipKeys.For(tenantId, fromUser, member)).GetAsync(fromUser, member);
                if (!relation.Blocking && !relation.BlockedBy)
                {
                    recipients.Add(member);
                }
            }
        }

        var share = new ShareView
        {
            Id = Guid.CreateVersion7(),
            FromUserId = fromUser,
            ToUserId = command.UserId,
            ToTeamId = command.TeamId,
            ResourceType = command.ResourceType!,
            ResourceId = command.ResourceId!,
            Message = command.Message,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.AddShareAsync(tenantId, share, recipients);
        return share;
    }

    public Task<Page<ShareView>> ListSharesAsync(Guid tenantId, Guid userId, bool received, int limit, int offset) =>
        store.ListSharesAsync(tenantId, userId, received, limit, offset);

    public async Task<FeedbackView> SubmitFeedbackAsync(Guid tenantId, Guid userId, FeedbackCommand command)
    {
        var errors = new FieldErrors();
        if (command.Rating is < 1 or > 5)
        {
            errors.Add("rating", "1 to 5.");
        }

        if (command.Comment is { Length: > 2000 })
        {
            errors.Add("comment", "At most 2000 characters.");
        }

        if ((command.ResourceType is null) != (command.ResourceId is null) || command.ResourceType is { Length: > 50 } || command.ResourceId is { Length: > 255 })
        {
            errors.Add("resource_type", "Give both resource_type (≤ 50) and resource_id (≤ 255), or neither for feedback on the service.");
        }

        errors.ThrowIfAny();

        var feedback = new FeedbackView
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Rating = command.Rating,
            Comment = command.Comment,
            ResourceType = command.ResourceType,
            ResourceId = command.ResourceId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.AddFeedbackAsync(tenantId, feedback);
        return feedback;
    }

    public Task<FeedbackPage> ListFeedbackAsync(Guid tenantId, string? resourceType, string? resourceId, int limit, int offset) =>
        store.ListFeedbackAsync(tenantId, resourceType, resourceId, limit, offset);
}
