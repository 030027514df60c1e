namespace Lyss.UserGrains.Gateway.Teams;

public sealed record TeamListResponse(IReadOnlyList<Lyss.UserGrains.Teams.TeamView> Teams, int Total);
