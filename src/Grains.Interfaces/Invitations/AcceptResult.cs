using Lyss.UserGrains.Users;

namespace Lyss.UserGrains.Invitations;

[GenerateSerializer, Immutable, Alias("lyss.invitations.AcceptResult")]
public sealed record AcceptResult(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] string Role,
    [property: Id(3)] UserStatus Status);
