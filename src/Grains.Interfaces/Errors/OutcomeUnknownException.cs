namespace Lyss.UserGrains.Errors;

/// <summary>
/// A durable write whose commit could not be confirmed in time (PostgreSQL and the spill both
/// unavailable): the rows may still be stored. Retrying with the same <c>message_id</c> is safe
/// (HTTP 503, code <c>outcome_unknown</c>, with the activity ids).
/// </summary>
[GenerateSerializer, Alias("lyss.errors.OutcomeUnknownException")]
public sealed class OutcomeUnknownException(string message, IReadOnlyList<Guid> activityIds) : DomainException(message)
{
    [Id(0)] public IReadOnlyList<Guid> ActivityIds { get; } = activityIds;
}
