namespace Lyss.UserGrains.Grains.Activities;

/// <summary>An accepted activity on its way to <c>user_activities</c>.</summary>
public sealed record ActivityRecord
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public required Guid TenantId { get; init; }
    public required string ActivityType { get; init; }
    public string? ResourceType { get; init; }
    public string? ResourceId { get; init; }
    public string? Details { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? SessionId { get; init; }
    public string? MessageId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public long Tokens { get; init; }
    public decimal Cost { get; init; }

    /// <summary>The model a model_usage called (details.model, else its resource_id), for the daily usage rollup.</summary>
    public string? Model { get; init; }

    /// <summary>The feature a feature_usage names (its resource_id), for the daily usage rollup.</summary>
    public string? Feature { get; init; }

    /// <summary>Who serves the model of a model_usage (details.provider), for the daily usage rollup.</summary>
    public string? Provider { get; init; }

    /// <summary>The model whose answer time <see cref="ResponseTime"/> reports (details.model of a chat_message or model_usage).</summary>
    public string? ResponseModel { get; init; }

    /// <summary>Seconds that model took to answer (details.response_time).</summary>
    public double? ResponseTime { get; init; }

    /// <summary>From a tracking client's write key (<see cref="Lyss.UserGrains.Activities.TrackActivity.ClientReported"/>): not stored, read by the risk rules.</summary>
    public bool ClientReported { get; init; }
}
