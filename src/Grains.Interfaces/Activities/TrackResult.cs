namespace Lyss.UserGrains.Activities;

/// <summary>The answer for one tracked activity.</summary>
[GenerateSerializer, Immutable, Alias("lyss.activities.TrackResult")]
public sealed record TrackResult
{
    [Id(0)] public required TrackStatus Status { get; init; }
    [Id(1)] public Guid? Id { get; init; }

    // Id(2) was the durability as a string; retired, never reused.

    /// <summary>How far it got before the answer (accepted activities only).</summary>
    [Id(5)] public Durability? Durability { get; init; }
    [Id(3)] public string? Error { get; init; }

    /// <summary>The field an error is about.</summary>
    [Id(4)] public string? Field { get; init; }
}
