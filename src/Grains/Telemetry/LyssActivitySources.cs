using System.Diagnostics;

namespace Lyss.UserGrains.Grains.Telemetry;

/// <summary>The service's own trace spans (hosts listen to <c>Lyss.UserGrains.*</c> when tracing is on).</summary>
public static class LyssActivitySources
{
    public const string ActivitiesName = "Lyss.UserGrains.Activities";

    /// <summary>The activity writer's batches: one span per COPY, linked to the requests whose rows it carries.</summary>
    internal static readonly ActivitySource Activities = new(ActivitiesName);
}
