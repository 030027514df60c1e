namespace Lyss.UserGrains.Gateway.Users;

public sealed record VerifyRequest(string? Token);
