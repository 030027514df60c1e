using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Activities;

/// <summary>Reads of stored activities and the pipeline's state; stateless, any silo answers.</summary>
[Alias("lyss.activities.IActivityQueryGrain")]
public interface IActivityQueryGrain : IGrainWithIntegerKey
{
    [Alias("GetStatistics")]
    Task<ActivityStatistics> GetStatisticsAsync(Guid tenantId, int days);

    /// <summary>A user's stored rows in one tenant, newest first.</summary>
    [Alias("ListUserActivities")]
    Task<Page<ActivityView>> ListUserActivitiesAsync(Guid userId, Guid tenantId, int days, int limit, int offset);

    [Alias("GetQueueStatus")]
    Task<QueueStatus> GetQueueStatusAsync();
}
