namespace Lyss.UserGrains.Gateway.Activities;

/// <summary>An activity PostgreSQL refused for its content; <c>error</c> (PostgreSQL's text, which may quote values) only for platform operators.</summary>
public sealed record DeadLetterResponse(Guid Id, Guid? ActivityId, Guid? UserId, string? ActivityType, string Sqlstate, DateTimeOffset FailedAt, string? Error);
