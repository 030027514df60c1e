namespace Lyss.UserGrains.Grains.Activities;

/// <summary>A row of <c>activity_dead_letters</c> as the admin routes list it (<c>FailedAt</c> in UTC, as Npgsql reads timestamptz).</summary>
public sealed record DeadLetter(Guid Id, Guid? ActivityId, Guid? TenantId, Guid? UserId, string? ActivityType, string SqlState, string Error, DateTime FailedAt);
