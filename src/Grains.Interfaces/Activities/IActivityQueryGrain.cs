using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Activities;

/// <summary>Reads of stored activities and the pipeline's state; stateless, any silo answers.</summary>
[Alias("lyss.activities.IActivityQueryGrain")]
public interface IActivityQueryGrain : IGrainWithIntegerKey
{
    /// <summary>The tenant's figures of the last days, its days (and "today") in an IANA time zone.</summary>
    [Alias("GetStatisticsInZone")]
    Task<ActivityStatistics> GetStatisticsAsync(Guid tenantId, int days, string timeZone);

    /// <summary>A user's stored rows in one tenant, newest first.</summary>
    [Alias("ListUserActivities")]
    Task<Page<ActivityView>> ListUserActivitiesAsync(Guid userId, Guid tenantId, int days, int limit, int offset);

    [Alias("GetQueueStatus")]
    Task<QueueStatus> GetQueueStatusAsync();

    /// <summary>The tenant's dead letters, newest first.</summary>
    [Alias("ListDeadLetters")]
    Task<Page<DeadLetterView>> ListDeadLettersAsync(Guid tenantId, int limit, int offset);

    /// <summary>
    /// Writes a dead letter's activity again (a row already stored is not doubled) and removes the
    /// dead letter; 404 <c>dead_letter_not_found</c>, 409 <c>still_refused</c> when PostgreSQL refuses it again.
    /// </summary>
    [Alias("RetryDeadLetter")]
    Task RetryDeadLetterAsync(Guid tenantId, Guid id);

    /// <summary>Abandons a dead letter; 404 <c>dead_letter_not_found</c> when the tenant has none with this id.</summary>
    [Alias("DeleteDeadLetter")]
    Task DeleteDeadLetterAsync(Guid tenantId, Guid id);
}
