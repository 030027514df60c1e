namespace Lyss.UserGrains.Grains.Users;

/// <summary>Who moved a user into a lifecycle state, when and why (the latest of each kind).</summary>
[GenerateSerializer, Alias("lyss.users.LifecycleStamp")]
public sealed class LifecycleStamp
{
    [Id(0)] public DateTimeOffset At { get; set; }
    [Id(1)] public string? By { get; set; }
    [Id(2)] public string? Reason { get; set; }
}
