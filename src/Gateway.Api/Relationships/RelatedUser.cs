namespace Lyss.UserGrains.Gateway.Relationships;

public sealed record RelatedUser(Guid UserId);
