namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>POST /activities/batch; <c>sent_at</c> is when the caller sent it, by the caller's clock (corrects each item's occurred_at).</summary>
public sealed record ActivityBatchRequest(IReadOnlyList<ActivityRequest>? Activities, string? Ack, DateTimeOffset? SentAt = null) : Auth.IActivitySubjects
{
    IEnumerable<Guid> Auth.IActivitySubjects.SubjectIds => Activities?.Where(a => a is not null).Select(a => a.UserId).OfType<Guid>() ?? [];
}
