namespace Lyss.UserGrains.Tests.Probes;

[GenerateSerializer, Immutable, Alias("lyss.tests.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] string? Value,
    [property: Id(1)] Guid ActivationId,
    [property: Id(2)] IReadOnlyList<string> ReminderTicks);
