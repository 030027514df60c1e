namespace Lyss.UserGrains.Gateway.Teams;

/// <summary><c>role</c> is lead or member (default member).</summary>
public sealed record TeamMemberRequest(Guid? UserId, string? Role);
