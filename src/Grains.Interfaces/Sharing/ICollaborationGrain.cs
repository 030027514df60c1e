using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Sharing;

/// <summary>Shares and feedback of one tenant's users (stateless: rows live in PostgreSQL).</summary>
[Alias("lyss.sharing.ICollaborationGrain")]
public interface ICollaborationGrain : IGrainWithIntegerKey
{
    /// <summary>Shares from <paramref name="fromUser"/>; recipients must be in <paramref name="tenantId"/> and not blocked either way.</summary>
    [Alias("Share")]
    Task<ShareView> ShareAsync(Guid tenantId, Guid fromUser, ShareCommand command);

    /// <summary>What was shared with the user, directly or with one of its teams (received), or by it (sent).</summary>
    [Alias("ListShares")]
    Task<Page<ShareView>> ListSharesAsync(Guid tenantId, Guid userId, bool received, int limit, int offset);

    [Alias("SubmitFeedback")]
    Task<FeedbackView> SubmitFeedbackAsync(Guid tenantId, Guid userId, FeedbackCommand command);

    [Alias("ListFeedback")]
    Task<FeedbackPage> ListFeedbackAsync(Guid tenantId, string? resourceType, string? resourceId, int limit, int offset);
}
