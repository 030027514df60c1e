namespace Lyss.UserGrains.Alerts;

[GenerateSerializer, Immutable, Alias("lyss.alerts.SecurityAlertView")]
public sealed record SecurityAlertView
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required Guid UserId { get; init; }
    [Id(2)] public required string Type { get; init; }
    [Id(3)] public required string Severity { get; init; }
    [Id(4)] public required string Evidence { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
}
