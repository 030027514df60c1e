namespace Lyss.UserGrains.Activities;

/// <summary>One activity to track for a user (docs/api.md, "Activities").</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.TrackActivity")]
public sealed record TrackActivity
{
    [Id(0)] public required string ActivityType { get; init; }
    [Id(1)] public string? ResourceType { get; init; }
    [Id(2)] public string? ResourceId { get; init; }

    /// <summary>A JSON object, as text.</summary>
    [Id(3)] public string? Details { get; init; }
    [Id(4)] public string? SessionId { get; init; }
    [Id(5)] public string? IpAddress { get; init; }
    [Id(6)] public string? UserAgent { get; init; }

    /// <summary>When it happened on the caller's clock; clamped to a sane window around the server's.</summary>
    [Id(7)] public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>The caller's idempotency key: the same key within 7 days never makes a second row.</summary>
    [Id(8)] public string? MessageId { get; init; }

    /// <summary>Null: durable for audit-critical types, buffered otherwise.</summary>
    [Id(9)] public AckMode? Ack { get; init; }

    /// <summary>A built-in type the activity becomes when its custom type is past the tenant's cap (tracking protocols: custom_event); null rejects it.</summary>
    [Id(10)] public string? OverflowType { get; init; }

    /// <summary>
    /// Sent by a tracking client with a write key (often published in a browser), not by a trusted
    /// service: counted and stored, but never drives a security decision (no login rules, no lock,
    /// no last login) and its custom types take at most half the tenant's cap.
    /// </summary>
    [Id(11)] public bool ClientReported { get; init; }
}
