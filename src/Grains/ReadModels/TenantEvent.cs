using Lyss.UserGrains.Common;

namespace Lyss.UserGrains.Grains.ReadModels;

/// <summary>One entry of a tenant's trail: what happened, who did it from where, and its details.</summary>
public sealed record TenantEvent(string EventType, ActorContext Actor, IReadOnlyDictionary<string, object?> Data);
