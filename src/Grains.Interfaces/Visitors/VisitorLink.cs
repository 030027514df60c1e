namespace Lyss.UserGrains.Visitors;

/// <summary>The outcome of linking a visitor: the user it belongs to and the rows this call moved (0 when linked before).</summary>
[GenerateSerializer, Immutable, Alias("lyss.visitors.VisitorLink")]
public sealed record VisitorLink([property: Id(0)] Guid UserId, [property: Id(1)] long MovedActivities);
