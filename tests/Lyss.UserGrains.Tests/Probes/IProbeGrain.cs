namespace Lyss.UserGrains.Tests.Probes;

/// <summary>A test-only grain that exercises storage and reminders through the real providers.</summary>
[Alias("lyss.tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithGuidKey
{
    [Alias("Set")]
    Task SetAsync(string value);

    [Alias("Get")]
    Task<ProbeSnapshot> GetAsync();

    [Alias("StartReminder")]
    Task StartReminderAsync(TimeSpan dueTime, TimeSpan period);

    [Alias("StopReminder")]
    Task StopReminderAsync();
}
