namespace Lyss.UserGrains.Gateway.Users;

public sealed record ProfileRequest(string? DisplayName, string? Location, string? Timezone, string? Language, IReadOnlyList<string>? Tags, string? Bio);
