namespace Lyss.UserGrains.Activities;

/// <summary>An activity PostgreSQL refused for its content, set aside (<c>GET /admin/user-activities/dead-letters</c>).</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.DeadLetterView")]
public sealed record DeadLetterView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid? ActivityId,
    [property: Id(2)] Guid? UserId,
    [property: Id(3)] string? ActivityType,
    [property: Id(4)] string SqlState,
    [property: Id(5)] DateTimeOffset FailedAt,
    [property: Id(6)] string Error);
