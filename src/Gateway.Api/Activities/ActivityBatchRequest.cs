namespace Lyss.UserGrains.Gateway.Activities;

public sealed record ActivityBatchRequest(IReadOnlyList<ActivityRequest>? Activities, string? Ack) : Auth.IActivitySubjects
{
    IEnumerable<Guid> Auth.IActivitySubjects.SubjectIds => Activities?.Where(a => a is not null).Select(a => a.UserId).OfType<Guid>() ?? [];
}
