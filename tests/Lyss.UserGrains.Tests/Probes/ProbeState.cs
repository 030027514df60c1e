namespace Lyss.UserGrains.Tests.Probes;

[GenerateSerializer, Alias("lyss.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }

    /// <summary>Which silo handled each reminder tick ("silo@time"), newest last, bounded.</summary>
    [Id(1)] public List<string> ReminderTicks { get; set; } = [];
}
