namespace Lyss.UserGrains.Gateway.Activities;

/// <summary><c>status</c> is accepted or duplicate; <c>durability</c> says how far it got: buffered, committed or spilled.</summary>
public sealed record ActivityAccepted(Guid Id, string Status, Lyss.UserGrains.Activities.Durability? Durability);
