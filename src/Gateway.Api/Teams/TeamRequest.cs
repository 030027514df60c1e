namespace Lyss.UserGrains.Gateway.Teams;

public sealed record TeamRequest(string? Name);
